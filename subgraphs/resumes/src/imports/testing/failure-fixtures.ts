import { deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';
import PDFDocument from 'pdfkit';
import { renderResumePdf } from './render-pdf.js';
import { SAMPLE_RESUMES } from './sample-resumes.js';

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.end();
  });
}

/** A grey PNG made by hand (no image library): what a scanner produces, minus the noise. */
function greyPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height, 0xc0);
  for (let row = 0; row < height; row++) raw[row * (width + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Two pages holding only an image: a scan without OCR. */
export async function scannedPdf(): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4' });
  doc.image(greyPng(60, 80), 50, 50, { width: 495 });
  doc.addPage().image(greyPng(60, 80), 50, 50, { width: 495 });
  return collect(doc);
}

/** A resume protected with a user password (pdfkit writes standard PDF encryption). */
export function encryptedPdf(): Promise<Uint8Array> {
  return renderResumePdf(SAMPLE_RESUMES[0], 'one-column', {
    userPassword: 'secret',
    pdfVersion: '1.7',
  } as never);
}

/** A resume cut off in the middle of its bytes (an interrupted upload). */
export async function truncatedPdf(): Promise<Uint8Array> {
  const full = await renderResumePdf(SAMPLE_RESUMES[0], 'one-column');
  return full.subarray(0, Math.floor(full.length * 0.6));
}

/** A .docx whose document.xml inflates from kilobytes to `megabytes` MB of zeros. */
export function zipBombDocx(megabytes = 60): Uint8Array {
  return zipSync(
    {
      '[Content_Types].xml': new TextEncoder().encode('<?xml version="1.0"?><Types/>'),
      'word/document.xml': new Uint8Array(megabytes * 1024 * 1024),
    },
    { level: 9 },
  );
}

/** A PDF with pages and no text at all but vector shapes. */
export async function blankPdf(): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4' });
  doc.rect(50, 50, 100, 100).stroke();
  return collect(doc);
}
