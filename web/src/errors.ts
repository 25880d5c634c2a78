import type { CombinedError } from 'urql';

/** What the person can read for each `extensions.code` the API answers with. */
const SENTENCES: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended or the credentials are wrong. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'We could not find that. It may have been deleted.',
  CONFLICT: 'This was changed elsewhere in the meantime. Reload and try again.',
  LOCKED: 'Too many failed attempts. Wait a few minutes, then try again.',
  RATE_LIMITED: 'You are going a little fast. Wait a moment, then try again.',
  QUOTA_EXCEEDED: 'You have used your allowance for now. Try again later.',
  NOT_CONFIGURED: 'This feature is not set up on this server.',
  SERVICE_UNAVAILABLE: 'Part of the service is unavailable right now. Try again shortly.',
  SUBGRAPH_UNAVAILABLE: 'Part of the service is unavailable right now. Try again shortly.',
  QUERY_TOO_COMPLEX: 'That request asks for too much at once.',
  TOO_MANY_SUBSCRIPTIONS: 'Too many live updates are open. Close some tabs and reload.',
  CURSOR_EXPIRED: 'Live updates were interrupted for too long; the page was reloaded from scratch.',
  AI_PROVIDER_ERROR: 'The AI provider did not answer. Try again later.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side. Try again later.',
};

/** Codes whose server message is written for people (validation), so it is shown as is. */
const MESSAGE_CODES = new Set(['BAD_USER_INPUT', 'CONFLICT']);

export interface ApiError {
  message: string;
  extensions?: { code?: unknown } | Record<string, unknown>;
}

/** One sentence for an API error, never its JSON. */
export function sentenceFor(error: ApiError, overrides: Record<string, string> = {}): string {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
  if (code && overrides[code]) return overrides[code];
  if (code && MESSAGE_CODES.has(code) && isSentence(error.message)) return ensurePeriod(error.message);
  if (code && SENTENCES[code]) return SENTENCES[code];
  if (code === 'BAD_USER_INPUT') return 'Some of what you entered is not valid.';
  return SENTENCES.INTERNAL_SERVER_ERROR;
}

/**
 * The sentence for a failed urql operation (GraphQL errors first, then the network); `overrides`
 * says what a code means on one page (UNAUTHENTICATED on the sign-in form: wrong credentials).
 */
export function describeError(
  error: CombinedError | undefined | null,
  overrides: Record<string, string> = {},
): string | null {
  if (!error) return null;
  if (error.graphQLErrors.length > 0) return sentenceFor(error.graphQLErrors[0], overrides);
  return 'The server cannot be reached. Check your connection and try again.';
}

function isSentence(message: string): boolean {
  return message.length > 0 && message.length < 300 && !/[{}[\]]/.test(message);
}

function ensurePeriod(message: string): string {
  const capitalised = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
