import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from '@hiregraph/platform/logger';
import { notInListError, type TrustedDocuments } from '../persisted-operations.js';
import { LiveCloseCode, type LiveBridge, type RunQuery } from './bridge.js';
import { tokenFromParams, type LiveConnection, type LiveConnections } from './connections.js';
import {
  authenticateConnection,
  operationRunners,
  prepareOperation,
  subscriptionLimitErrors,
} from './transport.js';

/**
 * GraphQL over WebSocket (graphql-ws protocol) on the gateway's own HTTP server and path. The access
 * token comes in connection_init (`{ authorization: 'Bearer …' }` or `{ token }`) and may be renewed
 * by a ping whose payload is `{ token }`. Subscriptions go to the live bridge; queries and
 * mutations sent on the socket run through Apollo like HTTP requests.
 */
export function serveWebSocket(options: {
  server: Server;
  path: string;
  bridge: LiveBridge;
  connections: LiveConnections;
  runQuery: RunQuery;
  logger: Logger;
  /** After a coded close, the socket is cut if its close handshake has not finished by then. */
  closeGraceMs: number;
  /** Largest message a client may send (ws closes the socket with 1009 beyond it), as for HTTP bodies. */
  maxMessageBytes: number;
  /** Operations one socket may have running at once. */
  maxSubscriptions: number;
  /** Trusted mode: only these operations run. */
  trustedDocuments?: TrustedDocuments;
}): { close(): Promise<void> } {
  const { bridge, connections, runQuery, logger } = options;
  // Without maxPayload ws buffers messages of up to 100 MiB before anything can refuse them.
  const wss = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: options.maxMessageBytes,
  });
  const bySocket = new WeakMap<WebSocket, LiveConnection>();

  const disposable = useServer(
    {
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        const token = tokenFromParams(ctx.connectionParams);
        if (!token) {
          socket.close(LiveCloseCode.Unauthorized, 'Unauthorized: connection_init carries no access token');
          return false;
        }
        try {
          const request = ctx.extra.request;
          const connection = await authenticateConnection(connections, token, {
            clientIp: request.socket.remoteAddress,
            userAgent: request.headers['user-agent'],
            bufferedBytes: () => socket.bufferedAmount,
            close: (code, reason) => closeSocket(socket, code, reason, options.closeGraceMs),
          });
          bySocket.set(socket, connection);
          connections.add(connection);
          return true;
        } catch (error) {
          socket.close(LiveCloseCode.Unauthorized, `Unauthorized: ${(error as Error).message}`.slice(0, 120));
          return false;
        }
      },
      onPing: async (ctx, payload) => {
        const connection = bySocket.get(ctx.extra.socket);
        const token = tokenFromParams(payload);
        if (!connection || !token) return;
        try {
          await connections.renew(connection, token);
        } catch (error) {
          connection.close(
            LiveCloseCode.Unauthorized,
            `Unauthorized: ${(error as Error).message}`.slice(0, 120),
          );
        }
      },
      onClose: (ctx) => {
        const connection = bySocket.get(ctx.extra.socket);
        if (connection) connections.delete(connection);
      },
      onSubscribe: async (ctx, _id, payload) => {
        const connection = bySocket.get(ctx.extra.socket);
        if (!connection)
          return [new GraphQLError('Not connected', { extensions: { code: 'UNAUTHENTICATED' } })];
        // graphql-ws lists this operation already (from the subscribe message until it ends).
        const tooMany = subscriptionLimitErrors(
          Object.keys(ctx.subscriptions).length,
          options.maxSubscriptions,
        );
        if (tooMany) return tooMany;
        if (options.trustedDocuments && !options.trustedDocuments.lists(payload.query)) {
          return [notInListError()];
        }
        return prepareOperation(bridge, connection, payload);
      },
      ...operationRunners(bridge, runQuery),
    },
    wss,
  );
  wss.on('error', (error) => logger.error({ err: error }, 'live: websocket server failed'));

  return {
    async close() {
      await disposable.dispose();
    },
  };
}

/**
 * Starts the close handshake with a coded close frame and cuts the connection if it has not
 * finished within `graceMs`. The frame is queued behind whatever the socket still has to send, so a
 * client that stopped reading never gets it; cutting frees what it left unread, and that client
 * sees its connection end abnormally (1006) when it reads again.
 */
function closeSocket(socket: WebSocket, code: number, reason: string, graceMs: number): void {
  if (socket.readyState !== socket.OPEN && socket.readyState !== socket.CONNECTING) return;
  socket.close(code, reason);
  const cut = setTimeout(() => {
    if (socket.readyState !== socket.CLOSED) socket.terminate();
  }, graceMs);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
}
