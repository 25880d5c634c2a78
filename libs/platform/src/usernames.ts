import { z } from 'zod';

/**
 * Handles (`/u/{username}`): one grammar for the users subgraph, which assigns them, and every
 * subgraph that looks a person up by one. Handles are case-insensitive: they are stored and
 * compared lower-cased, so `Ann` and `ann` are the same handle.
 */
export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 30;

/**
 * Words that would read as the platform speaking or collide with routes (`/u/settings`), refused
 * as handles.
 */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  'about',
  'account',
  'accounts',
  'admin',
  'administrator',
  'api',
  'app',
  'auth',
  'billing',
  'blog',
  'dashboard',
  'docs',
  'explore',
  'graphql',
  'help',
  'hiregraph',
  'jobs',
  'login',
  'logout',
  'me',
  'moderator',
  'null',
  'official',
  'privacy',
  'public',
  'register',
  'resumes',
  'root',
  'security',
  'settings',
  'share',
  'signin',
  'signup',
  'staff',
  'status',
  'support',
  'system',
  'terms',
  'undefined',
  'user',
  'users',
  'webmaster',
  'www',
]);

/** The stored form of a handle: trimmed and lower-cased. */
export const normalizeUsername = (username: string) => username.trim().toLowerCase();

export const usernameSchema = z
  .string()
  .transform(normalizeUsername)
  .pipe(
    z
      .string()
      .min(USERNAME_MIN_LENGTH, `A username has at least ${USERNAME_MIN_LENGTH} characters`)
      .max(USERNAME_MAX_LENGTH, `A username has at most ${USERNAME_MAX_LENGTH} characters`)
      .regex(/^[a-z]/, 'A username starts with a letter')
      .regex(/^[a-z0-9_-]+$/, 'A username has only letters, digits, "_" and "-"')
      .refine((name) => !RESERVED_USERNAMES.has(name), 'This username is reserved'),
  );

/** Whether `value` could be a handle at all (lookups of anything else find nobody). */
export const isUsernameShaped = (value: string) => usernameSchema.safeParse(value).success;
