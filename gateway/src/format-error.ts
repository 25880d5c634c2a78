import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, maskUnexpectedErrors } from '@hiregraph/platform/errors';
import type { Logger } from '@hiregraph/platform/logger';
import { SUBGRAPH_UNAVAILABLE } from './subgraph-data-source.js';
import { PERSISTED_QUERY_HASH_MISMATCH } from './persisted-operations.js';

/** Codes the gateway itself produces that clients may act on (retry later, show partial data). */
const GATEWAY_CODES = new Set<string>([SUBGRAPH_UNAVAILABLE]);

/**
 * The gateway's executor (@apollo/gateway) refuses some documents after Apollo's own checks, with
 * errors that carry no client code: they are the client's doing, so they get the code Apollo Server
 * gives the same refusal without a gateway.
 */
function gatewayRefusal(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  const serviceName = formatted.extensions?.serviceName;
  if (serviceName !== undefined) return undefined;
  if (/^(Unknown operation named|Must provide (an operation|operation name))/.test(formatted.message)) {
    return { message: formatted.message, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } };
  }
  // Apollo Server's APQ refusals carry no code.
  if (formatted.message === 'provided sha does not match query') {
    return {
      message: 'The persisted query hash is not the SHA-256 of the query sent with it',
      extensions: { code: PERSISTED_QUERY_HASH_MISMATCH },
    };
  }
  if (formatted.message === 'Unsupported persisted query version') {
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  }
  if (formatted.message === 'Execution of subscriptions not supported by gateway') {
    return {
      message:
        'Subscriptions are served over WebSocket (graphql-transport-ws) or SSE (Accept: text/event-stream)',
      extensions: { code: 'BAD_REQUEST' },
    };
  }
  return undefined;
}

/**
 * The gateway's Apollo `formatError`: subgraph errors keep their codes (and the subgraph's name),
 * the gateway's own availability codes pass, and anything unexpected is logged and masked.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    if (typeof extensions.code === 'string' && GATEWAY_CODES.has(extensions.code)) {
      return { ...formatted, extensions };
    }
    const refusal = gatewayRefusal(formatted);
    if (refusal) return refusal;
    const masked = maskUnexpectedErrors(formatted, error);
    if (
      masked.extensions?.code === ErrorCode.ServiceUnavailable &&
      masked.extensions !== formatted.extensions
    ) {
      logger.warn({ err: error, path: formatted.path }, 'dependency unavailable');
    }
    if (masked.extensions?.code !== ErrorCode.Internal) return masked;
    const serviceName = typeof extensions.serviceName === 'string' ? extensions.serviceName : undefined;
    // A subgraph's internal error was already logged there; only the gateway's own are logged here.
    if (!serviceName) logger.error({ err: error, path: formatted.path }, 'gateway request failed');
    return serviceName ? { ...masked, extensions: { ...masked.extensions, serviceName } } : masked;
  };
}
