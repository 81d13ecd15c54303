// Registers <article-annotator>. Safe to load more than once.
import { ArticleAnnotator } from "./article-annotator.js";

ArticleAnnotator.define();

export { ArticleAnnotator };
