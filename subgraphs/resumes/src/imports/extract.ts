import { extractDocxLines } from './docx-extract.js';
import { ImportFailure, ResumeImportError } from './import-error.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.js';
import { linesToMarkdown, type ExtractedLine } from './markdown.js';
import { extractPdfPages, pdfPagesToLines, type PdfPage } from './pdf-extract.js';

export type ResumeFileKind = 'pdf' | 'docx' | 'txt';

export interface ExtractedResume {
  kind: ResumeFileKind;
  /** Clean markdown: `# Name`, `## Section`, bullets, `a | b` table rows. */
  markdown: string;
  /** PDF only: lines per page in reading order, with positions. */
  pages?: PdfPage[];
  pageCount?: number;
}

const MEDIA_TYPES: Record<string, ResumeFileKind> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/plain': 'txt',
};

/** The kind for a sniffed media type (confirmUpload checks magic bytes with `file-type`). */
export function kindOfMediaType(mediaType: string): ResumeFileKind {
  const kind = MEDIA_TYPES[mediaType.split(';')[0].trim().toLowerCase()];
  if (!kind) throw new ResumeImportError(ImportFailure.UnsupportedType, mediaType);
  return kind;
}

/** Extracts a resume file into markdown, or throws a ResumeImportError with a readable reason. */
export async function extractResumeText(
  data: Uint8Array,
  kind: ResumeFileKind,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
): Promise<ExtractedResume> {
  if (data.length === 0) throw new ResumeImportError(ImportFailure.Empty);
  let lines: ExtractedLine[];
  let pages: PdfPage[] | undefined;
  if (kind === 'pdf') {
    pages = await extractPdfPages(data, limits);
    lines = pdfPagesToLines(pages);
  } else if (kind === 'docx') {
    lines = await extractDocxLines(data, limits);
  } else {
    lines = plainTextLines(data);
  }
  const chars = lines.reduce((sum, line) => sum + line.text.length, 0);
  if (chars > limits.maxChars)
    throw new ResumeImportError(ImportFailure.TooLong, `more than ${limits.maxChars} characters`);
  if (!lines.some((line) => /[\p{L}\p{N}]/u.test(line.text)))
    throw new ResumeImportError(ImportFailure.Empty);
  return { kind, markdown: linesToMarkdown(lines), pages, pageCount: pages?.length };
}

/** Plain text (also `importResumeText`): UTF-8, BOM dropped; binary content is refused. */
export function plainTextLines(input: Uint8Array | string): ExtractedLine[] {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    if (input.includes(0)) throw new ResumeImportError(ImportFailure.Corrupt, 'binary data in a text file');
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch (error) {
      // Not UTF-8: legacy Windows text files are Latin-1 far more often than anything else.
      text = new TextDecoder('latin1').decode(input);
      void error;
    }
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let previousBlank = false;
  const lines: ExtractedLine[] = [];
  for (const raw of text.split('\n')) {
    const trimmed = raw.trim();
    if (!trimmed) {
      previousBlank = true;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(trimmed);
    lines.push(
      heading
        ? { text: heading[2], headingLevel: heading[1].length, paragraphBreak: true }
        : { text: trimmed.replace(/\t+/g, ' | '), paragraphBreak: previousBlank },
    );
    previousBlank = false;
  }
  return lines;
}
