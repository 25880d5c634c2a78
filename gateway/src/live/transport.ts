import { GraphQLError, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { codedError, ErrorCode } from '@hiregraph/platform/errors';
import type { LiveBridge, LiveRequest, PreparedSubscription, RunQuery } from './bridge.js';
import type { LiveConnection, LiveConnections } from './connections.js';

/**
 * What the two live transports (graphql-ws in websocket.ts, graphql-sse in sse.ts) share: opening
 * an authenticated connection, the per-connection operation limit, parsing/validating/authorizing
 * an operation with the gateway's limits, and running it. Each transport keeps only how it reads
 * the token and how it writes to and closes its socket.
 */

/** The context an operation runs with, on either transport. */
export interface OperationContext {
  connection: LiveConnection;
  /** Set for a subscription (served by the live bridge); queries and mutations go to Apollo. */
  prepared?: PreparedSubscription;
}

/** How a transport reaches its client: its address and socket. */
export type TransportClient = Pick<LiveConnection, 'clientIp' | 'userAgent' | 'bufferedBytes' | 'close'>;

/**
 * Verifies `token` (UNAUTHENTICATED error when bad, expired or revoked) and returns the connection
 * the transport then registers with `connections.add` once it is ready to stream.
 */
export async function authenticateConnection(
  connections: LiveConnections,
  token: string,
  client: TransportClient,
): Promise<LiveConnection> {
  const { viewer, expiresAt } = await connections.authenticate(token);
  // Assigned onto the transport's object (its methods may live on a prototype, as websocket.ts's do).
  return Object.assign(client, { viewer, token, expiresAt });
}

/** TOO_MANY_SUBSCRIPTIONS when a connection runs more than `max` operations (`running` counts this one). */
export function subscriptionLimitErrors(running: number, max: number): GraphQLError[] | undefined {
  if (running <= max) return undefined;
  return [
    codedError(ErrorCode.TooManySubscriptions, `At most ${max} operations may run on one connection`, {
      max,
    }),
  ];
}

/** An operation ready to run: what graphql-ws and graphql-sse take from their `onSubscribe`. */
export interface PreparedOperation extends ExecutionArgs {
  document: DocumentNode;
  contextValue: OperationContext;
}

/**
 * Parses and validates an operation with the gateway's query limits and, for a subscription,
 * authorizes it (the bridge's prepare). Coded errors when refused. `overrideAfter` resumes after a
 * cursor the transport got outside the arguments (SSE's Last-Event-ID).
 */
export async function prepareOperation(
  bridge: LiveBridge,
  connection: LiveConnection,
  request: LiveRequest,
  overrideAfter?: string,
): Promise<PreparedOperation | readonly GraphQLError[]> {
  const prepared = await bridge.prepare(request, connection, overrideAfter);
  if (Array.isArray(prepared)) return prepared as readonly GraphQLError[];
  // The bridge's shared parse (prepare succeeded, so it parsed and validated).
  const parsed = bridge.parse(request.query);
  if (parsed.errors) return parsed.errors;
  return {
    schema: bridge.apiSchema,
    document: parsed.document,
    variableValues: request.variables,
    operationName: request.operationName,
    contextValue: { connection, prepared: prepared as PreparedSubscription | undefined },
  };
}

/** Formatted errors from Apollo, as graphql-ws and graphql-sse want them (GraphQLError instances). */
export function asExecutionResult(result: Awaited<ReturnType<RunQuery>>): ExecutionResult {
  return {
    data: result.data,
    ...(result.errors?.length
      ? {
          errors: result.errors.map(
            (error) =>
              new GraphQLError(error.message, {
                path: error.path,
                extensions: error.extensions,
              }),
          ),
        }
      : {}),
  };
}

/**
 * How a prepared operation runs, on either transport: against the supergraph's API schema, a
 * subscription streams from the live bridge; a query or mutation sent on the live connection runs
 * through Apollo like an HTTP request.
 */
export function operationRunners(bridge: LiveBridge, runQuery: RunQuery) {
  return {
    schema: () => bridge.apiSchema,
    subscribe: (args: ExecutionArgs) => (args.contextValue as OperationContext).prepared!.start(),
    execute: async (args: ExecutionArgs) => {
      const { connection } = args.contextValue as OperationContext;
      return asExecutionResult(
        await runQuery(
          print(args.document),
          (args.variableValues ?? {}) as Record<string, unknown>,
          connection,
        ),
      );
    },
  };
}
