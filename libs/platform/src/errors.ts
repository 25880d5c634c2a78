import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HeaderMap } from '@apollo/server';

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
  /** A dependency (PostgreSQL, Redis, NATS, another service) is unreachable; retry after `retryAfter` s. */
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  /** The operation exceeds a depth, alias, cost, token or directive limit (see docs/operations.md). */
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  /** A live connection has as many subscriptions running as it may (LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION). */
  TooManySubscriptions: 'TOO_MANY_SUBSCRIPTIONS',
  /** A subscription cursor is older than what the gateway replays; `oldestCursor` is the oldest served. */
  CursorExpired: 'CURSOR_EXPIRED',
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

/** Seconds a client should wait before retrying while a dependency is down (also the Retry-After header). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The request could not be served because a dependency is down. Thrown before execution (context,
 * token checks), it answers HTTP 503 with Retry-After; from a resolver, see `availabilityPlugin`.
 */
export function serviceUnavailable(retryAfter = RETRY_AFTER_SECONDS): GraphQLError {
  return codedError(ErrorCode.ServiceUnavailable, 'Service temporarily unavailable, retry later', {
    retryAfter,
    http: { status: 503, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
  });
}

/** The operation exceeds `limit` (depth, aliases, cost, tokens, directives), whose maximum is `max`. */
export function queryTooComplex(message: string, limit: string, max: number): GraphQLError {
  return codedError(ErrorCode.QueryTooComplex, message, {
    limit,
    max,
    http: { status: 400, headers: new HeaderMap() },
  });
}

/** graphql-js's refusal when a document exceeds `parseOptions.maxTokens` (16.x spells it "more that"). */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/**
 * Apollo answers every validation or parse error with GRAPHQL_VALIDATION_FAILED or
 * GRAPHQL_PARSE_FAILED (HTTP 400), whatever the rule reported: a query-limit refusal gets its own
 * code back here, with the limit and its maximum.
 */
function limitRefusal(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const code = formatted.extensions?.code;
  const original = (error as { originalError?: { extensions?: Record<string, unknown> } } | undefined)
    ?.originalError;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && original?.extensions?.code === ErrorCode.QueryTooComplex) {
    const { limit, max } = original.extensions;
    return { ...formatted, extensions: { code: ErrorCode.QueryTooComplex, limit, max } };
  }
  const tokens = code === 'GRAPHQL_PARSE_FAILED' ? TOO_MANY_TOKENS.exec(formatted.message) : null;
  if (tokens) {
    return {
      message: `Token limit of ${tokens[1]} exceeded.`,
      extensions: { code: ErrorCode.QueryTooComplex, limit: 'tokens', max: Number(tokens[1]) },
    };
  }
  return undefined;
}

/** Socket-level failures: the server is down, restarting, or the network between is broken. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

const CONNECTION_ERROR_MESSAGES = [
  // pg
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  // ioredis
  /^Connection is closed\.?$/,
  /^Reached the max retries per request limit/,
  /^Stream isn't writeable and enableOfflineQueue options is false/,
];

/**
 * PostgreSQL refusing a value the client sent, not an outage: 08P01 is what a NUL character in a
 * text parameter produces ("invalid message format"; class 08 though the connection is fine),
 * 22P05 a `\u0000` escape in jsonb, 22021 an invalid byte sequence.
 */
const UNSTORABLE_INPUT_CODES = new Set(['08P01', '22P05', '22021']);

/** Whether `error` (or what it wraps) is PostgreSQL refusing a character of the input. */
export function isUnstorableInput(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 8) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && UNSTORABLE_INPUT_CODES.has(code)) return true;
  const nested = error as { originalError?: unknown; thrownValue?: unknown; cause?: unknown };
  return [nested.originalError, nested.thrownValue, nested.cause].some((inner) =>
    isUnstorableInput(inner, depth + 1),
  );
}

/** nats.js error names meaning the server could not be reached or did not answer. */
const NATS_CONNECTION_ERRORS = new Set([
  'ClosedConnectionError',
  'DrainingConnectionError',
  'ConnectionError',
  'NoResponders',
  'RequestError',
]);

/**
 * Whether `error` (or anything it wraps: GraphQL `originalError`, `cause`, MikroORM's copy of the
 * driver error, AggregateError) says a dependency is unreachable rather than that the code is wrong.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 8) return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (
    typeof code === 'string' &&
    (CONNECTION_ERROR_CODES.has(code) || (/^08[0-9A-Z]{3}$/.test(code) && !UNSTORABLE_INPUT_CODES.has(code)))
  ) {
    return true;
  }
  if (code === ErrorCode.ServiceUnavailable) return true;
  if (name === 'MaxRetriesPerRequestError' || name === 'ConnectionException') return true;
  if (typeof name === 'string' && NATS_CONNECTION_ERRORS.has(name)) return true;
  if (typeof message === 'string' && CONNECTION_ERROR_MESSAGES.some((pattern) => pattern.test(message))) {
    return true;
  }
  const nested = error as {
    originalError?: unknown;
    thrownValue?: unknown;
    cause?: unknown;
    errors?: unknown;
    extensions?: unknown;
  };
  if (isDependencyUnavailable(nested.originalError, depth + 1)) return true;
  // graphql-js wraps what is not an Error of its own realm (e.g. under a test VM) as NonErrorThrown.
  if (isDependencyUnavailable(nested.thrownValue, depth + 1)) return true;
  if (isDependencyUnavailable(nested.cause, depth + 1)) return true;
  if ((nested.extensions as { code?: unknown } | undefined)?.code === ErrorCode.ServiceUnavailable)
    return true;
  return (
    Array.isArray(nested.errors) && nested.errors.some((inner) => isDependencyUnavailable(inner, depth + 1))
  );
}

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
 * Apollo `formatError`: coded client errors pass through; an unreachable dependency (given the
 * original `error`) becomes SERVICE_UNAVAILABLE with `retryAfter`; anything else (a bug) is logged
 * by the caller and reaches the client only as a generic INTERNAL_SERVER_ERROR.
 */
export function maskUnexpectedErrors(
  formatted: GraphQLFormattedError,
  error?: unknown,
): GraphQLFormattedError {
  if (formatted.extensions?.code !== ErrorCode.ServiceUnavailable && isDependencyUnavailable(error)) {
    return {
      message: 'Service temporarily unavailable, retry later',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.ServiceUnavailable, retryAfter: RETRY_AFTER_SECONDS },
    };
  }
  // Input validation missed a character the database cannot hold (a NUL): the client's to fix.
  const uncoded =
    formatted.extensions?.code === undefined || formatted.extensions.code === ErrorCode.Internal;
  if (uncoded && isUnstorableInput(error)) {
    return {
      message: 'The input contains a character that cannot be stored (e.g. NUL)',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.BadUserInput },
    };
  }
  const refusal = limitRefusal(formatted, error);
  if (refusal) return refusal;
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
