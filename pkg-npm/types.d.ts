// The result object and options of article-annotator, as src/wasm.rs builds them.
// Hand-written; tests/e2e/package.test.mjs compiles a consumer against them.

/** An entity type: the core's labels. */
export type EntityType =
  | "PERSON" | "NORP" | "ORG" | "GPE" | "LOC" | "EVENT"
  | "DATE" | "TIME" | "MONEY" | "PERCENT" | "TITLE";

/** `direct`: quoted speech; `term`: scare quotes, titles, nicknames; `indirect`: reported speech, no quote marks. */
export type QuoteKind = "direct" | "term" | "indirect";

/** A half-open range [start, end) of UTF-16 code units: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** An alias cluster: all mentions of one person, organisation, place, ... */
export interface Entity {
  /** Its index in `entities`, in order of first mention. */
  id: number;
  type: EntityType;
  /** The canonical name: the most complete mention, or the site lexicon's name. */
  name: string;
  /** Indices into `mentions`. */
  mentions: number[];
}

/** One occurrence of an entity in the text. Mentions are in text order and never overlap. */
export interface Mention extends Span {
  type: EntityType;
  /** The `id` of its entity. */
  cluster: number;
  /** The exact text, `text.slice(start, end)`. */
  text: string;
  /** For a TITLE next to a person ("Foreign Minister" Wang Yi): the index of that person's mention. */
  title_of?: number;
}

/** A quotation, with its speaker when known. Quotes are in text order. */
export interface Quote extends Span {
  kind: QuoteKind;
  /** The quoted words of each part, without the quote marks. `start`/`end` span from the first to the last. */
  parts: Span[];
  /** The speaker's entity `id`, or null when unattributed. */
  speaker: number | null;
  speaker_name: string | null;
  /** Where the speaker is named near the quote (a name, a title, a pronoun). */
  speaker_span: Span | null;
  /** The speech verb phrase ("said", "told reporters"). */
  cue: string | null;
  cue_span: Span | null;
}

/** What `annotate` returns and the `annotated` event carries (docs/exports.md, "json"). */
export interface AnnotationResult {
  /** The layout version; it changes when a field changes meaning or goes away. */
  version: number;
  /** The unit of every start/end: always UTF-16 code units in JavaScript. */
  unit: "utf16";
  /** The input was longer than the limit and only its head was annotated. */
  truncated: boolean;
  entities: Entity[];
  mentions: Mention[];
  quotes: Quote[];
}

/** The types a site lexicon may give, in any case. */
export type SiteLexiconType = "PERSON" | "ORG" | "GPE" | "LOC" | "NORP" | "EVENT";

/** One name a site covers, with its aliases. Fields starting with `_` or `$` are comments. */
export interface SiteLexiconEntry {
  name: string;
  type: SiteLexiconType | Lowercase<SiteLexiconType> | Capitalize<Lowercase<SiteLexiconType>>;
  aliases?: string[] | null;
  [comment: `_${string}` | `$${string}`]: unknown;
}

/** A site lexicon (docs/exports.md, "Site lexicons"). */
export interface SiteLexicon {
  version?: 1;
  entries: SiteLexiconEntry[];
  [comment: `_${string}` | `$${string}`]: unknown;
}

/** A site lexicon as an object, a bare array of entries, or its JSON text. */
export type SiteLexiconInput = SiteLexicon | SiteLexiconEntry[] | string;

export interface AnnotateOptions {
  /** Names that win over the built-in lexicons and the model. */
  lexicon?: SiteLexiconInput | null;
  /** false: lexicons and rules only, no statistical model. */
  model?: boolean;
}

/** The export formats (docs/exports.md). `csv` is `csv-entities`. */
export type ExportFormat = "json" | "w3c" | "displacy" | "csv" | "csv-entities" | "csv-quotes" | "html";

/** Why a text could not be annotated. */
export type ErrorCode = "unavailable" | "too-long" | "failed" | "lexicon" | "no-target";

/** The `detail` of the element's `annotation-error` event. */
export interface AnnotationErrorDetail {
  code: ErrorCode;
  /** A sentence for people, also shown in the element. */
  message: string;
  /** For code "lexicon": the 1-based line of the lexicon's JSON (0 when unknown). */
  line?: number;
  /** For code "lexicon": the field, such as "entries[2].type" ("" for the file as a whole). */
  field?: string;
}
