import { Kind, OperationTypeNode, parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  context as otelContext,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { TRACEPARENT_HEADER } from '@hiregraph/platform/trace';
import { REQUEST_ID_HEADER } from '@hiregraph/platform/http';
import type { Logger } from '@hiregraph/platform/logger';
import { ErrorCode, RETRY_AFTER_SECONDS } from '@hiregraph/platform/errors';
import { SubgraphHttpClient, type SubgraphHttpResponse } from './subgraph-http.js';

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

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type IncomingOperation = Extract<ProcessOptions, { incomingRequestContext: unknown }>;

/** A client's operation, as opposed to a health check or schema loading (the enum is not exported). */
const isIncomingOperation = (options: ProcessOptions): options is IncomingOperation =>
  'incomingRequestContext' in options;

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  logger: Logger;
  /** Shared by every subgraph of a gateway: keep-alive sockets and in-flight deduplication. */
  http: SubgraphHttpClient;
  /** Whether identical queries in flight at once share one subgraph call. */
  dedupe: boolean;
}

/** No-op (and nearly free) unless tracing.ts started the OpenTelemetry SDK. */
const tracer = trace.getTracer('hiregraph-gateway');

/** Span attributes of a subgraph call (`subgraph.name` as Apollo Router names it). */
export const SUBGRAPH_SPAN_ATTRIBUTES = {
  subgraph: 'subgraph.name',
  operationName: 'graphql.operation.name',
  status: 'http.response.status_code',
  /** true: this call shared another's answer (linked to that call's span) instead of being sent. */
  deduplicated: 'hiregraph.subgraph.deduplicated',
} as const;

/** Raised for a subgraph answer that is not a GraphQL response; carries what it was. */
class SubgraphResponseError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`subgraph answered HTTP ${status} without a GraphQL response`);
  }
}

/**
 * One subgraph as the gateway calls it: forwards the caller's `authorization`, the request id and
 * the client's address and user agent, shares one call among identical queries in flight (same
 * subgraph, operation, variables and authorization; never a mutation), aborts a call after the
 * timeout, and turns a failed call into coded errors on the fields that subgraph owed, so the rest
 * of the response still arrives. Apollo's RemoteGraphQLDataSource is not used: its fetch path
 * (node-fetch Headers and Request built per call, then undici) dominated the gateway's profile.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly serviceName: string;
  private readonly url: URL;
  private readonly logger: Logger;
  private readonly http: SubgraphHttpClient;
  private readonly dedupe: boolean;

  constructor(options: SubgraphDataSourceOptions) {
    this.serviceName = options.name;
    this.url = new URL(options.url);
    this.logger = options.logger;
    this.http = options.http;
    this.dedupe = options.dedupe;
  }

  async process(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const headers = this.headersFor(options);
    const { query, variables, operationName, extensions } = request;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    const incoming = isIncomingOperation(options);
    const dedupeKey =
      incoming && this.dedupe && isQuery(query, options.document)
        ? `${headers.authorization ?? ''}\n${body}`
        : undefined;
    const span = this.startSpan(operationName, headers);
    try {
      const answer = await this.http.post({
        url: this.url,
        headers,
        body,
        dedupeKey,
        span: span?.spanContext(),
        onShared: span
          ? (sender) => {
              span.setAttribute(SUBGRAPH_SPAN_ATTRIBUTES.deduplicated, true);
              if (sender) span.addLink({ context: sender, attributes: { 'hiregraph.link': 'shared call' } });
            }
          : undefined,
      });
      span?.setAttribute(SUBGRAPH_SPAN_ATTRIBUTES.status, answer.status);
      const response = graphqlResponse(answer);
      if (incoming) restrictCachePolicy(options, answer.headers['cache-control']);
      return response;
    } catch (error) {
      span?.recordException(error as Error);
      span?.setStatus({ code: SpanStatusCode.ERROR });
      span?.setAttribute(
        'error.type',
        error instanceof SubgraphResponseError ? 'bad_response' : failureReason(error),
      );
      // Schema loading and health checks must see the failure as it is.
      if (!incoming) throw error;
      return this.failedCall(error, query, options.context.requestId);
    } finally {
      span?.end();
    }
  }

  /**
   * With tracing on, one CLIENT span per subgraph call, child of the active span (Apollo's fetch),
   * sent as the call's traceparent so the subgraph's server span is its child. A call that joins
   * one in flight is never sent: its span records that and links to the sender's instead. Off,
   * nothing is made and the request's own traceparent goes out.
   */
  private startSpan(operationName: string | undefined, headers: Record<string, string>): Span | undefined {
    const span = tracer.startSpan(`subgraph ${this.serviceName}`, { kind: SpanKind.CLIENT });
    if (!span.isRecording()) return undefined;
    span.setAttributes({
      [SUBGRAPH_SPAN_ATTRIBUTES.subgraph]: this.serviceName,
      [SUBGRAPH_SPAN_ATTRIBUTES.deduplicated]: false,
      'http.request.method': 'POST',
      'url.full': this.url.href,
      'server.address': this.url.hostname,
      ...(this.url.port ? { 'server.port': Number(this.url.port) } : {}),
      ...(operationName ? { [SUBGRAPH_SPAN_ATTRIBUTES.operationName]: operationName } : {}),
    });
    propagation.inject(trace.setSpan(otelContext.active(), span), headers);
    return span;
  }

  private headersFor({ request, context }: ProcessOptions): Record<string, string> {
    const headers: Record<string, string> = {};
    // Set by the gateway itself (e.g. the trace request header of Apollo's usage reporting).
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers[name] = value;
    headers['content-type'] = 'application/json';
    // Health checks and schema loading run with an empty context.
    const { authorization, requestId, traceparent, clientIp, userAgent } = context as GatewayContext;
    if (authorization) headers.authorization = authorization;
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    if (traceparent) headers[TRACEPARENT_HEADER] = traceparent;
    // Replaces, never appends to, what the caller sent: the gateway alone says who the client is.
    if (clientIp) headers['x-forwarded-for'] = clientIp;
    if (userAgent) headers['user-agent'] = userAgent;
    return headers;
  }

  private failedCall(error: unknown, query: string, requestId: string | undefined): GatewayGraphQLResponse {
    if (error instanceof SubgraphResponseError) {
      const graphqlErrors = graphqlErrorsIn(error.body);
      if (graphqlErrors) return { errors: graphqlErrors };
      if (error.status === 503) {
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
    }
    const reason = failureReason(error);
    this.logger.warn(
      { err: error, serviceName: this.serviceName, reason, requestId },
      'subgraph call failed',
    );
    return { errors: unavailableErrors(this.serviceName, reason, query) };
  }
}

/** Each caller parses its own copy: the executor merges into response objects. */
function graphqlResponse(answer: SubgraphHttpResponse): GatewayGraphQLResponse {
  const contentType = answer.headers['content-type'] ?? '';
  const json =
    contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json');
  let body: unknown = answer.body;
  if (json) {
    try {
      body = JSON.parse(answer.body);
    } catch {
      throw new SubgraphResponseError(answer.status, answer.body);
    }
  }
  const ok = answer.status >= 200 && answer.status < 300;
  if (!ok || body === null || typeof body !== 'object') throw new SubgraphResponseError(answer.status, body);
  return body as GatewayGraphQLResponse;
}

/** The subgraph's Cache-Control narrows the operation's cache policy, as Apollo's data source did. */
function restrictCachePolicy(options: IncomingOperation, header: string | undefined): void {
  const policy = options.incomingRequestContext.overallCachePolicy;
  if (!policy || !('restrict' in policy)) return;
  const maxAge = header ? /(?:^|,)\s*max-age=(\d+)/i.exec(header) : null;
  const scope = !header
    ? undefined
    : /(?:^|,)\s*private\b/i.test(header)
      ? 'PRIVATE'
      : /(?:^|,)\s*public\b/i.test(header)
        ? 'PUBLIC'
        : undefined;
  policy.restrict({ maxAge: maxAge ? Number(maxAge[1]) : 0, ...(scope ? { scope } : {}) });
}

/** Only queries are shared between callers: a mutation must run once per request. */
function isQuery(query: string, document: DocumentNode | undefined): boolean {
  if (document) {
    const operations = document.definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    return operations.length === 1 && operations[0].operation === OperationTypeNode.QUERY;
  }
  // The planner writes the operation first: `query …` or `{ … }`.
  return /^\s*(?:query\b|\{)/.test(query);
}

/** A non-2xx answer that still carries GraphQL errors (e.g. a 400 from validation) is passed on. */
function graphqlErrorsIn(body: unknown): GraphQLFormattedError[] | undefined {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors as GraphQLFormattedError[]) : undefined;
}

/** Socket-level failures of node:http: nothing (or nothing sane) answered at that address. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
]);

export function failureReason(error: unknown): FailureReason {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return 'unreachable';
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
