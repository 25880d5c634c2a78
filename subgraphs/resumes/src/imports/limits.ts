/** Caps that keep one import cheap; a resume is a few pages, never a book. */
export interface ImportLimits {
  /** Pages beyond this are refused (TOO_LONG). */
  maxPages: number;
  /** Extracted characters beyond this are refused (TOO_LONG). */
  maxChars: number;
  /** DOCX: sum of declared uncompressed sizes of all zip entries. */
  maxUncompressedBytes: number;
  /** DOCX: an entry bigger than `ratioCheckMinBytes` may not expand more than this. */
  maxCompressionRatio: number;
  ratioCheckMinBytes: number;
  /** DOCX: entries in the zip. */
  maxZipEntries: number;
  /** Fewer meaningful characters per page than this means "no text layer". */
  minCharsPerPage: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxPages: 20,
  maxChars: 100_000,
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxCompressionRatio: 100,
  ratioCheckMinBytes: 1024 * 1024,
  maxZipEntries: 2000,
  minCharsPerPage: 40,
};
