import { createHash } from 'node:crypto';

/** A stable hash of what a vector was embedded from, so unchanged text is not embedded again. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}
