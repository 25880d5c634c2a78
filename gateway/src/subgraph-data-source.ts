import { Kind, parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { TRACEPARENT_HEADER } from '@hiregraph/platform/trace';
import { REQUEST_ID_HEADER } from '@hiregraph/platform/http';
import type { Logger } from '@hiregraph/platform/logger';
import { ErrorCode, RETRY_AFTER_SECONDS } from '@hiregraph/platform/errors';

/** extensions.code of a field whose subgraph could not be reached, timed out or answered garbage. */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

/** What the gateway keeps of the incoming request for its subgraph calls. */
export interface GatewayContext {
  requestId?: string;
  /** W3C trace context of the request, continued by the subgraphs and their events. */
  traceparent?: string;
  authorization?: string;
  /** The caller's address (see TRUST_PROXY); subgraphs rate-limit by it. */
  clientIp?: string;
  userAgent?: string;
}

export type FailureReason = 'timeout' | 'unreachable' | 'bad_response';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type IncomingOperation = Extract<ProcessOptions, { incomingRequestContext: unknown }>;

/** A client's operation, as opposed to a health check or schema loading (the enum is not exported). */
const isIncomingOperation = (options: ProcessOptions): options is IncomingOperation =>
  'incomingRequestContext' in options;

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  timeoutMs: number;
  logger: Logger;
}

/**
 * One subgraph as the gateway calls it: forwards the caller's `authorization`, the request id and
 * the client's address and user agent,
 * aborts a call after `timeoutMs`, and turns a failed call into coded errors on the fields that
 * subgraph owed, so the rest of the response still arrives.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly serviceName: string;
  private readonly logger: Logger;

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url });
    this.serviceName = options.name;
    this.logger = options.logger;
    this.fetcher = timeoutFetcher(options.timeoutMs);
  }

  override willSendRequest({ request, context }: ProcessOptions): void {
    const headers = request.http?.headers;
    if (!headers) return;
    // Health checks and schema loading run with an empty context.
    const { authorization, requestId, traceparent, clientIp, userAgent } = context as GatewayContext;
    if (authorization) headers.set('authorization', authorization);
    if (requestId) headers.set(REQUEST_ID_HEADER, requestId);
    if (traceparent) headers.set(TRACEPARENT_HEADER, traceparent);
    // Replaces, never appends to, what the caller sent: the gateway alone says who the client is.
    if (clientIp) headers.set('x-forwarded-for', clientIp);
    if (userAgent) headers.set('user-agent', userAgent);
  }

  override async process(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      // Schema loading and health checks must see the failure as it is.
      if (!isIncomingOperation(options)) throw error;
      const graphqlErrors = graphqlErrorsInFailedResponse(error);
      if (graphqlErrors) return { errors: graphqlErrors };
      const query = options.request.query;
      if (responseStatusOf(error) === 503) {
        // The subgraph is up but one of its dependencies is not (or a proxy in front says so).
        const extensions = {
          code: ErrorCode.ServiceUnavailable,
          retryAfter: RETRY_AFTER_SECONDS,
          serviceName: this.serviceName,
        };
        return {
          errors: fieldErrors(`Subgraph "${this.serviceName}" is temporarily unavailable`, extensions, query),
        };
      }
      const reason = failureReason(error);
      this.logger.warn(
        { err: error, serviceName: this.serviceName, reason, requestId: options.context.requestId },
        'subgraph call failed',
      );
      return { errors: unavailableErrors(this.serviceName, reason, query) };
    }
  }
}

/** Global fetch (undici, pooled keep-alive) with a deadline covering the whole response. */
function timeoutFetcher(timeoutMs: number): Fetcher {
  return (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/** A non-2xx answer that still carries GraphQL errors (e.g. a 400 from validation) is passed on. */
function graphqlErrorsInFailedResponse(error: unknown): GraphQLFormattedError[] | undefined {
  const body = (error as { extensions?: { response?: { body?: unknown } } })?.extensions?.response?.body;
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors as GraphQLFormattedError[]) : undefined;
}

interface FailedResponse {
  extensions?: { response?: { status?: unknown } };
}

function responseStatusOf(error: unknown): number | undefined {
  const status = (error as FailedResponse | undefined)?.extensions?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

export function failureReason(error: unknown): FailureReason {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  // undici reports connection failures as TypeError('fetch failed') with the socket error as cause
  // (checked by name: the error may come from another realm, e.g. under Jest).
  if (name === 'TypeError' && (error as { cause?: unknown }).cause) return 'unreachable';
  return 'bad_response';
}

const REASON_TEXT: Record<FailureReason, string> = {
  timeout: 'did not answer in time',
  unreachable: 'could not be reached',
  bad_response: 'gave an invalid response',
};

/**
 * One error per top-level field of the subgraph operation, with that field's path, so clients see
 * which fields are missing and why. An entity fetch (`_entities`) gets one error with an empty path,
 * which the gateway prefixes with where those entities sit (e.g. ["me"], or ["users", "@"] for a
 * list, as Apollo Router reports it).
 */
function unavailableErrors(
  serviceName: string,
  reason: FailureReason,
  subgraphOperation: string | undefined,
): GraphQLFormattedError[] {
  const message = `Subgraph "${serviceName}" ${REASON_TEXT[reason]}`;
  return fieldErrors(message, { code: SUBGRAPH_UNAVAILABLE, serviceName, reason }, subgraphOperation);
}

function fieldErrors(
  message: string,
  extensions: Record<string, unknown>,
  subgraphOperation: string | undefined,
): GraphQLFormattedError[] {
  const keys = subgraphOperation ? rootResponseKeys(parse(subgraphOperation)) : [];
  if (keys.includes('_entities')) return [{ message, path: [], extensions }];
  if (keys.length === 0) return [{ message, extensions }];
  return keys.map((key) => ({ message, path: [key], extensions }));
}

function rootResponseKeys(document: DocumentNode): string[] {
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  return operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection.alias?.value ?? selection.name.value] : [],
  );
}
