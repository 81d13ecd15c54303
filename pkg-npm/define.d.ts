// The "./define" entry: registers <article-annotator> (safe to load more than once).
import { ArticleAnnotator } from "./article-annotator.js";

export type * from "./types.js";
export { ArticleAnnotator };

declare global {
  interface HTMLElementTagNameMap {
    "article-annotator": ArticleAnnotator;
  }
}
