import mammoth from 'mammoth';
import { parse, type HTMLElement, type Node as HtmlNode, NodeType } from 'node-html-parser';
import yauzl from 'yauzl';
import { ImportFailure, ResumeImportError } from './import-error.js';
import type { ImportLimits } from './limits.js';
import type { ExtractedLine } from './markdown.js';

/**
 * Refuses zip bombs before anything inflates the document: first the central directory's declared
 * sizes (per entry, total and per-entry ratio), then every entry is inflated once under yauzl,
 * counting the bytes against the same caps and stopping as soon as an entry yields more than it
 * declared, so lying headers cannot blow up either.
 */
export async function assertSafeZip(data: Uint8Array, limits: ImportLimits): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(data), { lazyEntries: true, validateEntrySizes: true }, (error, file) =>
      error
        ? reject(new ResumeImportError(ImportFailure.Corrupt, undefined, { cause: error }))
        : resolve(file),
    ),
  );
  const entries: yauzl.Entry[] = [];
  let declaredTotal = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      declaredTotal += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (
        entries.length > limits.maxZipEntries ||
        entry.uncompressedSize > limits.maxEntryUncompressedBytes ||
        declaredTotal > limits.maxUncompressedBytes ||
        (entry.uncompressedSize > limits.ratioCheckMinBytes && ratio > limits.maxCompressionRatio)
      ) {
        zip.close();
        reject(
          new ResumeImportError(
            ImportFailure.ZipBomb,
            `${entry.fileName} declares ${entry.uncompressedSize} bytes`,
          ),
        );
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (error) =>
      reject(new ResumeImportError(ImportFailure.Corrupt, undefined, { cause: error })),
    );
    zip.readEntry();
  });
  let inflatedTotal = 0;
  for (const entry of entries) {
    if (entry.fileName.endsWith('/')) continue;
    await new Promise<void>((resolve, reject) =>
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(new ResumeImportError(ImportFailure.Corrupt, undefined, { cause: error }));
        let inflated = 0;
        stream.on('data', (chunk: Buffer) => {
          inflated += chunk.length;
          inflatedTotal += chunk.length;
          if (inflated > limits.maxEntryUncompressedBytes || inflatedTotal > limits.maxUncompressedBytes) {
            stream.destroy();
            zip.close();
            reject(new ResumeImportError(ImportFailure.ZipBomb, `${entry.fileName} inflates past the cap`));
          }
        });
        stream.on('end', () => resolve());
        stream.on('error', (streamError) =>
          reject(
            /too many bytes/i.test(streamError.message)
              ? new ResumeImportError(
                  ImportFailure.ZipBomb,
                  `${entry.fileName} inflates past its declared size`,
                )
              : new ResumeImportError(ImportFailure.Corrupt, undefined, { cause: streamError }),
          ),
        );
      }),
    );
  }
  zip.close();
  if (!entries.some((entry) => entry.fileName === 'word/document.xml')) {
    throw new ResumeImportError(ImportFailure.Corrupt, 'not a Word document');
  }
}

/** DOCX → lines keeping headings, list items and table rows (via mammoth's semantic HTML). */
export async function extractDocxLines(data: Uint8Array, limits: ImportLimits): Promise<ExtractedLine[]> {
  await assertSafeZip(data, limits);
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(data) }));
  } catch (error) {
    throw new ResumeImportError(ImportFailure.Corrupt, undefined, { cause: error });
  }
  const lines: ExtractedLine[] = [];
  walkBlocks(parse(html), lines);
  return lines;
}

function walkBlocks(node: HTMLElement, lines: ExtractedLine[]): void {
  for (const child of node.childNodes) {
    if (child.nodeType !== NodeType.ELEMENT_NODE) {
      const text = child.text.trim();
      if (text) lines.push({ text });
      continue;
    }
    const element = child as HTMLElement;
    const tag = element.tagName.toLowerCase();
    if (/^h[1-6]$/.test(tag)) {
      lines.push({ text: inlineText(element), headingLevel: Number(tag[1]), paragraphBreak: true });
    } else if (tag === 'p') {
      lines.push({ text: inlineText(element), ...(startsBold(element.childNodes) ? { strong: true } : {}) });
    } else if (tag === 'li') {
      const nested = element.childNodes.filter(
        (n) => isElement(n) && ['ul', 'ol'].includes((n as HTMLElement).tagName.toLowerCase()),
      );
      const own = element.childNodes.filter((n) => !nested.includes(n));
      lines.push({
        text: `- ${own
          .map((n) => n.text)
          .join('')
          .trim()}`,
        // A bold list item is an entry header ("• Google | Mountain View"); a bold lead-in is not.
        ...(mostlyBold(own) ? { strong: true } : {}),
      });
      for (const list of nested) walkBlocks(list as HTMLElement, lines);
    } else if (tag === 'table') {
      walkTable(element, lines);
    } else {
      walkBlocks(element, lines);
    }
  }
}

/**
 * Table rows of short cells become one `a | b | c` line (an entry's title, company and dates);
 * cells holding paragraphs (layout tables, a sidebar beside the main column) are read cell by cell
 * so their lines never interleave.
 */
function walkTable(table: HTMLElement, lines: ExtractedLine[]): void {
  for (const row of table.querySelectorAll('tr')) {
    const cells = row.childNodes.filter(
      (n) => isElement(n) && ['td', 'th'].includes((n as HTMLElement).tagName.toLowerCase()),
    ) as HTMLElement[];
    const isLayoutRow = cells.some(
      (cell) =>
        cell.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6').length > 1 || cell.querySelector('table'),
    );
    if (isLayoutRow) {
      for (const cell of cells) walkBlocks(cell, lines);
    } else {
      const texts = cells.map((cell) => inlineText(cell)).filter(Boolean);
      if (texts.length) lines.push({ text: texts.join(' | '), cells: texts });
    }
  }
}

const isBold = (node: HtmlNode) => isElement(node) && /^(?:strong|b)$/i.test((node as HTMLElement).tagName);

/** The paragraph opens with a bold run holding letters (mammoth writes bold as <strong>). */
function startsBold(nodes: HtmlNode[]): boolean {
  const first = nodes.find((node) => node.text.trim());
  return Boolean(first && isBold(first) && /\p{L}/u.test(first.text));
}

function mostlyBold(nodes: HtmlNode[]): boolean {
  const total = nodes.reduce((sum, node) => sum + node.text.trim().length, 0);
  const bold = nodes.filter(isBold).reduce((sum, node) => sum + node.text.trim().length, 0);
  return total > 0 && bold / total >= 0.6;
}

function isElement(node: HtmlNode): boolean {
  return node.nodeType === NodeType.ELEMENT_NODE;
}

function inlineText(element: HTMLElement): string {
  return element.text.replace(/\s+/g, ' ').trim();
}
