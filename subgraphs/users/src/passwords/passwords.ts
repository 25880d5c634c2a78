import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { badUserInput } from '@hiregraph/platform/errors';

/** ~50k most common passwords (zxcvbn-ts's list), lower-cased for the lookup. */
const COMMON_PASSWORDS = new Set<string>((dictionary.passwords as string[]).map((p) => p.toLowerCase()));
export const MAX_PASSWORD_LENGTH = 256;

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. (2 is Algorithm.Argon2id, a const enum.) */
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Refuses passwords that are too short, too long, or among the most common ones. */
export function assertAcceptablePassword(password: string, minLength: number, field = 'password'): void {
  if (password.length < minLength) {
    throw badUserInput(`Password must be at least ${minLength} characters`, { field });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw badUserInput(`Password must be at most ${MAX_PASSWORD_LENGTH} characters`, { field });
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    throw badUserInput('This password is too common; choose another', { field });
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('hiregraph-timing-equalizer');
  return dummyHash;
}
