/**
 * A corpus of hostile resume files, built from bytes so nothing large is committed. Each is the
 * smallest file that reproduces one way a document can try to exhaust the reader.
 */
import { Zlib as Deflate, zipSync } from 'fflate';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

/**
 * A PDF from object bodies (object n is `objects[n - 1]`; 1 must be the catalog), with a correct
 * xref table. `streams` maps an object number to its (already encoded) stream bytes.
 */
export function buildPdf(objects: string[], streams: Record<number, Buffer> = {}): Uint8Array {
  const parts: Buffer[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    const number = index + 1;
    offsets.push(length);
    const stream = streams[number];
    const chunk = stream
      ? Buffer.concat([latin1(`${number} 0 obj\n${body}\nstream\n`), stream, latin1('\nendstream\nendobj\n')])
      : latin1(`${number} 0 obj\n${body}\nendobj\n`);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(length),
    '%%EOF\n',
  ].join('\n');
  parts.push(latin1(`${xref}`));
  return new Uint8Array(Buffer.concat(parts));
}

const HELVETICA = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/** Text drawing operators for a small plausible resume, one line each, from the top of a Letter page. */
function resumeText(): string {
  const lines = [
    'Jane Hostile',
    'jane.hostile@example.com',
    'Experience',
    'Senior Engineer, Acme Corp, Jan 2019 - Present',
    'Led the payments team and shipped the billing rewrite',
    'Skills',
    'TypeScript, PostgreSQL, Kubernetes',
  ];
  return lines.map((line, i) => `BT /F1 11 Tf 50 ${720 - i * 18} Td (${line}) Tj ET`).join('\n');
}

/** A one-page PDF whose single content stream is `content` (stored uncompressed unless given). */
function onePagePdf(content: string | Buffer, filter = ''): Uint8Array {
  const stream = typeof content === 'string' ? latin1(content) : content;
  return buildPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
      HELVETICA,
      `<< /Length ${stream.length}${filter} >>`,
    ],
    { 5: stream },
  );
}

/** A readable one-page resume built by hand (the baseline the hostile variants start from). */
export function plainResumePdf(): Uint8Array {
  return onePagePdf(resumeText());
}

/**
 * A resume plus one glyph at font size 6e8 (issue #17: ~1 KB that made the layout allocate a cell
 * per point of text width and took the process down).
 */
export function hugeFontPdf(): Uint8Array {
  return onePagePdf(`${resumeText()}\nBT /F1 600000000 Tf 300 100 Td (W) Tj ET`);
}

/**
 * A content stream that inflates to `megabytes` MB of text-showing operators: a few hundred KB on
 * disk (deflate streamed a block at a time, so building it never holds the whole bomb).
 */
export function pdfBomb(megabytes = 256): Uint8Array {
  const unit = latin1('BT /F1 11 Tf 50 700 Td (AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj ET\n');
  const block = Buffer.alloc(unit.length * 13_000);
  for (let offset = 0; offset < block.length; offset += unit.length) unit.copy(block, offset);
  const chunks: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => chunks.push(chunk));
  for (let written = 0; written < megabytes * 1024 * 1024; written += block.length) deflate.push(block);
  deflate.push(new Uint8Array(), true);
  const stream = Buffer.concat(chunks);
  return buildPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
      HELVETICA,
      `<< /Length ${stream.length} /Filter /FlateDecode >>`,
    ],
    { 5: stream },
  );
}

/** An array nested `depth` deep in the page's resources: a recursive parser runs out of stack. */
export function deeplyNestedPdf(depth = 100_000): Uint8Array {
  return buildPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> /Deep ${'['.repeat(depth)}${']'.repeat(depth)} >> /Contents 5 0 R >>`,
      HELVETICA,
      `<< /Length ${resumeText().length} >>`,
    ],
    { 5: latin1(resumeText()) },
  );
}

/** `pages` pages sharing one content stream: thousands of pages in a few hundred KB. */
export function thousandsOfPagesPdf(pages = 5000): Uint8Array {
  const first = 5;
  const kids = Array.from({ length: pages }, (_, i) => `${first + i} 0 R`).join(' ');
  const pageObjects = Array.from(
    { length: pages },
    () =>
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>',
  );
  const content = latin1(resumeText());
  return buildPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
      `<< /Length ${content.length} >>`,
      HELVETICA,
      ...pageObjects,
    ],
    { 3: content },
  );
}

/** The resume with every xref offset wrong and startxref pointing nowhere. */
export function brokenXrefPdf(): Uint8Array {
  const text = Buffer.from(plainResumePdf()).toString('latin1');
  return new Uint8Array(
    latin1(
      text
        .replace(/^\d{10} 00000 n $/gm, '0000000001 00000 n ')
        .replace(/startxref\n\d+/, 'startxref\n999999'),
    ),
  );
}

/** HTML saved with a .pdf name. */
export function htmlAsPdf(): Uint8Array {
  return new Uint8Array(
    latin1('<!doctype html><html><body><h1>Jane Hostile</h1><p>Senior Engineer</p></body></html>\n'),
  );
}

const CONTENT_TYPES = latin1(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);
const ROOT_RELS = latin1(
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
);
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function docx(documentXml: Buffer, level: 1 | 6 | 9 = 6): Uint8Array {
  return zipSync(
    { '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': ROOT_RELS, 'word/document.xml': documentXml },
    { level },
  );
}

const paragraph = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

/**
 * Issue #17: a document.xml of `megabytes` MB of ordinary (varied) paragraphs, so it compresses
 * only ~10:1 and passes a ratio check (42 MB in a 3.7 MB file took mammoth 11 s and 2.6 GB).
 */
export function hugeDocumentDocx(megabytes = 42): Uint8Array {
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    const p = paragraph(
      `Entry ${i}: shipped feature ${(i * 7919) % 100_003} for team ${(i * 104_729) % 9_973}`,
    );
    paragraphs.push(p);
    size += p.length;
  }
  return docx(latin1(`<w:document xmlns:w="${W}"><w:body>${paragraphs.join('')}</w:body></w:document>`), 1);
}

/** document.xml whose headers declare 1 KB but which inflates to `megabytes` MB (lying sizes). */
export function lyingSizeDocx(megabytes = 64): Uint8Array {
  const zip = Buffer.from(docx(Buffer.alloc(megabytes * 1024 * 1024, 0x20), 9));
  const name = latin1('word/document.xml');
  const lie = 1024;
  // Local file header: signature PK\3\4, uncompressed size at +22, name at +30.
  for (
    let at = zip.indexOf('PK\x03\x04', 0, 'latin1');
    at >= 0;
    at = zip.indexOf('PK\x03\x04', at + 4, 'latin1')
  ) {
    if (zip.subarray(at + 30, at + 30 + name.length).equals(name)) zip.writeUInt32LE(lie, at + 22);
  }
  // Central directory header: signature PK\1\2, uncompressed size at +24, name at +46.
  for (
    let at = zip.indexOf('PK\x01\x02', 0, 'latin1');
    at >= 0;
    at = zip.indexOf('PK\x01\x02', at + 4, 'latin1')
  ) {
    if (zip.subarray(at + 46, at + 46 + name.length).equals(name)) zip.writeUInt32LE(lie, at + 24);
  }
  return new Uint8Array(zip);
}

/** Elements nested `depth` deep inside the body (a recursive XML walker runs out of stack). */
export function deeplyNestedDocx(depth = 20_000): Uint8Array {
  const open = '<w:sdt><w:sdtContent>'.repeat(depth);
  const close = '</w:sdtContent></w:sdt>'.repeat(depth);
  return docx(
    latin1(
      `<w:document xmlns:w="${W}"><w:body>${paragraph('Jane Hostile')}${open}${paragraph('deep')}${close}</w:body></w:document>`,
    ),
    9,
  );
}

/** A well-formed zip that is not a Word document: no word/document.xml. */
export function docxWithoutDocument(): Uint8Array {
  return zipSync({ '[Content_Types].xml': CONTENT_TYPES, 'notes.txt': latin1('hello') });
}
