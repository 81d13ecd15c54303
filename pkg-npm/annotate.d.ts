// The "./annotate" entry: annotate and export without any element.
import type { AnnotateOptions, AnnotationResult, ErrorCode, ExportFormat } from "./types.js";

export type * from "./types.js";

/** Rejections of `annotate` and `export` are EngineErrors. */
export class EngineError extends Error {
  readonly name: "EngineError";
  readonly code: ErrorCode | "worker";
  /** For code "lexicon": the 1-based line (0 when unknown), the field and the core's reason. */
  readonly line?: number;
  readonly field?: string;
  readonly reason?: string;
}

/** Every format `export` accepts. */
export const FORMATS: readonly ExportFormat[];

/**
 * Fetches and compiles the WebAssembly (from next to this module, once per page,
 * shared with every element); otherwise the first call does it.
 */
export function init(): Promise<{ version: string; maxInputLength: number }>;

/** Annotates `text`. Offsets are UTF-16 code units: `text.slice(m.start, m.end)` is the mention. */
export function annotate(text: string, options?: AnnotateOptions): Promise<AnnotationResult>;

/** Annotates `text` and renders it as `format` (default "json"). W3C positions count code points. */
declare function exportText(text: string, format?: ExportFormat, options?: AnnotateOptions): Promise<string>;
export { exportText as export };

/** The input limit in UTF-16 code units (4,000,000; the default until `init` resolves). */
export function maxInputLength(): number;
