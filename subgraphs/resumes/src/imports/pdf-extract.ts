import { getDocumentProxy } from 'unpdf';
import { ImportFailure, ResumeImportError } from './import-error.js';
import type { ImportLimits } from './limits.js';
import { layoutPage, type LayoutLine, type PositionedText } from './pdf-layout.js';
import { isSectionHeading } from './sections.js';

export interface PdfPage {
  number: number;
  lines: LayoutLine[];
  /** Page box in points (0 when unknown): tells running headers and footers from content. */
  width?: number;
  height?: number;
}

export { pdfPagesToLines } from './pdf-lines.js';

interface TextItemLike {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
  fontName?: string;
}

/** Text of every page in reading order, or a ResumeImportError saying why not. */
export async function extractPdfPages(data: Uint8Array, limits: ImportLimits): Promise<PdfPage[]> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js detaches the buffer it gets: hand it a copy so the caller's bytes survive.
    pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0, isEvalSupported: false } as never);
  } catch (error) {
    throw toImportError(error);
  }
  try {
    if (pdf.numPages > limits.maxPages) {
      throw new ResumeImportError(ImportFailure.TooLong, `${pdf.numPages} pages, at most ${limits.maxPages}`);
    }
    const pages: PdfPage[] = [];
    let chars = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      // Layout works in page coordinates: text running off the page box is cut at its edges.
      const [left, , right] = page.view;
      const items: PositionedText[] = [];
      for (const item of content.items as TextItemLike[]) {
        if (!item.str || !item.transform) continue;
        const [a, b, , , x, y] = item.transform;
        const x0 = Math.min(Math.max(x, left), right);
        const x1 = Math.min(Math.max(x + (item.width ?? 0), left), right);
        items.push({
          text: item.str,
          x: x0,
          y,
          width: Math.max(0, x1 - x0),
          fontSize: Math.hypot(a, b) || item.height || 10,
          fontName: item.fontName,
        });
      }
      const lines = layoutPage(items, isSectionHeading);
      chars += lines.reduce((sum, line) => sum + line.text.length, 0);
      if (chars > limits.maxChars) {
        throw new ResumeImportError(ImportFailure.TooLong, `more than ${limits.maxChars} characters`);
      }
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = (page as { view?: number[] }).view ?? [];
      pages.push({ number, lines, width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) });
      page.cleanup();
    }
    const meaningful = pages
      .flatMap((p) => p.lines)
      .reduce((sum, l) => sum + l.text.replace(/[^\p{L}\p{N}]/gu, '').length, 0);
    if (meaningful < limits.minCharsPerPage * pages.length) {
      // A truncated file can parse with its content streams gone: call that corrupt, not scanned.
      if (!hasEndOfFileMarker(data))
        throw new ResumeImportError(ImportFailure.Corrupt, 'the file is truncated');
      throw new ResumeImportError(ImportFailure.ScannedPdf);
    }
    return pages;
  } catch (error) {
    throw toImportError(error);
  } finally {
    await pdf.destroy();
  }
}

function hasEndOfFileMarker(data: Uint8Array): boolean {
  const tail = Buffer.from(data.subarray(Math.max(0, data.length - 1024))).toString('latin1');
  return tail.includes('%%EOF');
}

function toImportError(error: unknown): ResumeImportError {
  if (error instanceof ResumeImportError) return error;
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'PasswordException')
    return new ResumeImportError(ImportFailure.Encrypted, undefined, { cause: error });
  return new ResumeImportError(ImportFailure.Corrupt, undefined, { cause: error });
}
