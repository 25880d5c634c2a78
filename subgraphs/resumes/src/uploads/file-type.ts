import { fileTypeFromBuffer } from 'file-type';

export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const TEXT = 'text/plain';

/** Media types an upload may have, as detected from its content. */
export const ALLOWED_UPLOAD_TYPES = new Set([PDF, DOCX, TEXT, 'image/png', 'image/jpeg', 'image/webp']);
/** Of those, what the resume import reads. */
export const IMPORTABLE_TYPES = new Set([PDF, DOCX, TEXT]);

/**
 * The media type of `bytes` from their content alone (magic bytes via `file-type`; a DOCX is told
 * from other zips by its parts), or undefined when it is none of ALLOWED_UPLOAD_TYPES. Plain text
 * has no signature: it is accepted when it is valid UTF-8 without NUL bytes.
 */
export async function detectFileType(bytes: Uint8Array): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return ALLOWED_UPLOAD_TYPES.has(detected.mime) ? detected.mime : undefined;
  return isUtf8Text(bytes) ? TEXT : undefined;
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
