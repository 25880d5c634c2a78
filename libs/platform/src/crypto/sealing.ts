import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A 256-bit key derived from a configured secret; `purpose` keeps keys for different uses apart. */
export function sealingKey(secret: string, purpose = ''): Buffer {
  return createHash('sha256')
    .update(purpose ? `${purpose}:${secret}` : secret)
    .digest();
}

/** Encrypts text at rest (AES-256-GCM): `iv.tag.ciphertext`, each base64url. */
export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')).join('.');
}

/** Decrypts what `seal` produced; throws when it was tampered with or sealed with another key. */
export function unseal(key: Buffer, sealed: string): string {
  const [iv, tag, ciphertext] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}
