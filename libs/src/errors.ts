import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Error codes clients can rely on (extensions.code). */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  Locked: 'LOCKED',
  RateLimited: 'RATE_LIMITED',
  /** A daily allowance (e.g. AI operations) is used up; `retryAfter` says when it renews. */
  QuotaExceeded: 'QUOTA_EXCEEDED',
  NotConfigured: 'NOT_CONFIGURED',
  /** The language model failed: malformed or refused output, timeout, provider unavailable (`reason`). */
  AiProviderError: 'AI_PROVIDER_ERROR',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function codedError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badUserInput = (message: string, extensions?: Record<string, unknown>) =>
  codedError(ErrorCode.BadUserInput, message, extensions);
export const notFound = (message: string) => codedError(ErrorCode.NotFound, message);
export const conflict = (message: string, extensions?: Record<string, unknown>) =>
  codedError(ErrorCode.Conflict, message, extensions);

const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo `formatError`: coded client errors pass through; anything else (a bug, a driver error) is
 * logged by the caller and reaches the client only as a generic INTERNAL_SERVER_ERROR.
 */
export function maskUnexpectedErrors(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code) && code !== ErrorCode.Internal) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.Internal },
  };
}
