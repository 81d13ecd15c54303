// The "." entry: the <article-annotator> element class. Importing it registers
// nothing; call ArticleAnnotator.define() or import "article-annotator/define".
import type { AnnotationErrorDetail, AnnotationResult, ExportFormat, SiteLexiconInput } from "./types.js";

export type * from "./types.js";

export interface ArticleAnnotatorEventMap extends HTMLElementEventMap {
  /** After each annotation is shown; bubbles and is composed. */
  annotated: CustomEvent<AnnotationResult>;
  /** When the text cannot be annotated; bubbles and is composed. */
  "annotation-error": CustomEvent<AnnotationErrorDetail>;
}

/**
 * Highlights the entities and quotes of a news article.
 *
 * Attributes: `text`, `for` (id of an element to annotate in place), `hide`
 * (types not to highlight: person org gpe loc norp event date time money percent
 * title quotes), `panels` (legend entities quotes, or none), `lexicon-src` (a
 * same-origin URL of a site lexicon), `labels` ("none" hides the type labels).
 */
export class ArticleAnnotator extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Registers the class as `tag` (default "article-annotator"); a no-op when already registered. */
  static define(tag?: string, registry?: CustomElementRegistry): CustomElementConstructor | undefined;

  /** The article text (mode a): the `text` attribute, else the element's own text. */
  text: string;
  /** The id of the element to annotate in place (mode b); the `for` attribute. */
  htmlFor: string;
  /** A site lexicon; wins over `lexicon-src`. An object is read when assigned. */
  lexicon: SiteLexiconInput | null;
  /** The `lexicon-src` attribute: a same-origin URL, fetched once per page. */
  lexiconSrc: string;
  /** The last result, or null. */
  readonly annotations: AnnotationResult | null;
  /** Timings of the last annotation, in milliseconds. */
  readonly timing: { annotateMs: number; renderMs: number } | null;

  /** Annotates again now. */
  update(): Promise<void>;
  /** Removes every highlight; in place, the host article is restored exactly. */
  clear(): void;
  /** The current annotation in `format` (default "json"), rendered by the core. */
  export(format?: ExportFormat): Promise<string>;
  /** Focuses the next highlight of a shown type; false when there is none. */
  nextHighlight(): boolean;
  /** Focuses the previous highlight of a shown type; false when there is none. */
  previousHighlight(): boolean;

  addEventListener<K extends keyof ArticleAnnotatorEventMap>(
    type: K,
    listener: (this: ArticleAnnotator, ev: ArticleAnnotatorEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ArticleAnnotatorEventMap>(
    type: K,
    listener: (this: ArticleAnnotator, ev: ArticleAnnotatorEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
