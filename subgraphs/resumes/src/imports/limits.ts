/** Caps that keep one import cheap; a resume is a few pages, never a book. */
export interface ImportLimits {
  /** Pages beyond this are refused (TOO_LONG). */
  maxPages: number;
  /** Extracted characters beyond this are refused (TOO_LONG). */
  maxChars: number;
  /** DOCX: expanded size of all zip entries together (declared and as inflated). */
  maxUncompressedBytes: number;
  /** DOCX: expanded size of any one zip entry (declared and as inflated). */
  maxEntryUncompressedBytes: number;
  /** DOCX: an entry bigger than `ratioCheckMinBytes` may not expand more than this. */
  maxCompressionRatio: number;
  ratioCheckMinBytes: number;
  /** DOCX: entries in the zip. */
  maxZipEntries: number;
  /** Fewer meaningful characters per page than this means "no text layer". */
  minCharsPerPage: number;
}

/**
 * A long real resume's word/document.xml is 100–500 KB; 4 MB per entry is already a 200-page
 * document's worth of markup, and mammoth needs ~60 bytes of heap per byte of XML, so this keeps
 * one DOCX under ~250 MB of heap. The total leaves room for embedded photos (already compressed,
 * so they expand little).
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxPages: 20,
  maxChars: 100_000,
  maxUncompressedBytes: 24 * 1024 * 1024,
  maxEntryUncompressedBytes: 4 * 1024 * 1024,
  maxCompressionRatio: 100,
  ratioCheckMinBytes: 1024 * 1024,
  maxZipEntries: 2000,
  minCharsPerPage: 40,
};

/**
 * What one file's extraction may use: it runs in a child process with these V8 heap limits and is
 * killed after `timeoutMs`, so a hostile file fails alone instead of taking the subgraph down.
 */
export interface ExtractionSandbox {
  maxOldGenerationSizeMb: number;
  maxSemiSpaceSizeMb: number;
  /**
   * Resident memory of the whole reader, checked a few times a second (Linux): the heap cap does
   * not cover native buffers (inflated PDF streams), which a bomb grows until the time limit.
   */
  maxResidentMb: number;
  /** Wall-clock time for the whole extraction, worker start included. */
  timeoutMs: number;
  /** Extractions running at once in this process (each may use the memory above). */
  concurrency: number;
}

export const DEFAULT_EXTRACTION_SANDBOX: ExtractionSandbox = {
  maxOldGenerationSizeMb: 384,
  maxSemiSpaceSizeMb: 16,
  maxResidentMb: 640,
  timeoutMs: 20_000,
  concurrency: 2,
};
