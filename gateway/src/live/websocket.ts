import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, handleProtocols, makeServer, type WebSocket as ProtocolSocket } from 'graphql-ws';
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

/** A socket is pinged this often and cut when it has not answered the previous ping by the next. */
const KEEPALIVE_MS = 12_000;

/**
 * What the protocol keeps per connection (graphql-ws `ctx.extra`): the socket and, once
 * authenticated, its live connection. Not the upgrade request: its headers would stay in memory
 * for as long as the socket is open.
 */
interface SocketExtra {
  socket: ServedSocket;
  clientIp?: string;
  userAgent?: string;
  connection?: LiveConnection;
}

/**
 * GraphQL over WebSocket (graphql-ws protocol) on the gateway's own HTTP server and path. The access
 * token comes in connection_init (`{ authorization: 'Bearer …' }` or `{ token }`) and may be renewed
 * by a ping whose payload is `{ token }`. Subscriptions go to the live bridge; queries and
 * mutations sent on the socket run through Apollo like HTTP requests.
 *
 * The protocol is graphql-ws's (makeServer); this module binds it to ws sockets itself instead of
 * graphql-ws's `useServer`, so an idle connection holds only what it needs: no upgrade request,
 * no timer of its own (one keepalive sweep pings every socket), no per-socket closures.
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
  const wss = new WebSocketServer({
    server: options.server,
    path: options.path,
    // Without maxPayload ws buffers messages of up to 100 MiB before anything can refuse them.
    maxPayload: options.maxMessageBytes,
    // Off (ws's default for servers, stated here): a zlib context per socket costs far more memory
    // than the small JSON messages it would save.
    perMessageDeflate: false,
    handleProtocols,
  });

  const protocol = makeServer<Record<string, unknown> | undefined, SocketExtra>({
    // Every subscribe message of the same document carries its own copy of the query text, which
    // graphql-ws keeps for the subscription's life: the bridge's copy is kept instead.
    jsonMessageReviver: (key, value) => (key === 'query' ? bridge.sharedQueryText(value) : value),
    onConnect: async (ctx) => {
      const { socket } = ctx.extra;
      const token = tokenFromParams(ctx.connectionParams);
      // Read: the token is kept (flat) in the connection, not the whole connection_init payload.
      (ctx as { connectionParams?: unknown }).connectionParams = undefined;
      if (!token) {
        socket.close(LiveCloseCode.Unauthorized, 'Unauthorized: connection_init carries no access token');
        return false;
      }
      try {
        const connection = await authenticateConnection(
          connections,
          token,
          new WebSocketClient(socket, ctx.extra.clientIp, ctx.extra.userAgent, options.closeGraceMs),
        );
        ctx.extra.clientIp = ctx.extra.userAgent = undefined;
        ctx.extra.connection = connection;
        connections.add(connection);
        return true;
      } catch (error) {
        socket.close(LiveCloseCode.Unauthorized, `Unauthorized: ${(error as Error).message}`.slice(0, 120));
        return false;
      }
    },
    onPing: async (ctx, payload) => {
      const { connection } = ctx.extra;
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
      if (ctx.extra.connection) connections.delete(ctx.extra.connection);
    },
    onSubscribe: async (ctx, _id, payload) => {
      const { connection } = ctx.extra;
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
  });

  const reportSocketError = (error: Error) => logger.warn({ err: error }, 'live: websocket failed');
  wss.on('connection', (ws, request) => {
    const socket = new ServedSocket(ws, reportSocketError);
    socket.closed = protocol.opened(socket, {
      socket,
      clientIp: request.socket.remoteAddress,
      userAgent: request.headers['user-agent'],
    });
  });
  wss.on('error', (error) => logger.error({ err: error }, 'live: websocket server failed'));

  // One timer for every socket's keepalive: a socket that has not answered the last ping is cut.
  const keepalive = setInterval(() => {
    for (const ws of wss.clients) socketOf(ws)?.keepAlive();
  }, KEEPALIVE_MS);
  keepalive.unref();

  return {
    async close() {
      clearInterval(keepalive);
      for (const ws of wss.clients) ws.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

const served = new WeakMap<WebSocket, ServedSocket>();
const socketOf = (ws: WebSocket) => served.get(ws);

/**
 * One ws socket as graphql-ws's protocol sees it. Its event handlers are shared functions (`this`
 * is the ws socket), so a connection costs this object, not a set of closures.
 */
class ServedSocket implements ProtocolSocket {
  /** Set once opened: tells the protocol the socket closed. */
  closed?: (code?: number, reason?: string) => Promise<void>;
  private onProtocolMessage?: (data: string) => Promise<void>;
  private awaitingPong = false;

  constructor(
    readonly ws: WebSocket,
    private readonly reportError: (error: Error) => void,
  ) {
    served.set(ws, this);
    ws.on('error', onSocketError);
    ws.on('close', onSocketClose);
    ws.on('pong', onSocketPong);
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  send(data: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState !== this.ws.OPEN) return resolve();
      this.ws.send(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  onMessage(handler: (data: string) => Promise<void>): void {
    this.onProtocolMessage = handler;
    this.ws.on('message', onSocketMessage);
  }

  async message(data: RawData): Promise<void> {
    try {
      await this.onProtocolMessage?.(String(data));
    } catch (error) {
      this.reportError(error as Error);
      this.ws.close(CloseCode.InternalServerError, 'Internal server error');
    }
  }

  keepAlive(): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.awaitingPong) {
      this.ws.terminate();
      return;
    }
    this.awaitingPong = true;
    this.ws.ping();
  }

  pong(): void {
    this.awaitingPong = false;
  }

  failed(error: Error): void {
    this.reportError(error);
    this.ws.close(CloseCode.InternalServerError, 'Internal server error');
  }
}

function onSocketMessage(this: WebSocket, data: RawData): void {
  void socketOf(this)?.message(data);
}
function onSocketPong(this: WebSocket): void {
  socketOf(this)?.pong();
}
function onSocketError(this: WebSocket, error: Error): void {
  socketOf(this)?.failed(error);
}
function onSocketClose(this: WebSocket, code: number, reason: Buffer): void {
  void socketOf(this)?.closed?.(code, String(reason));
}

/** The live client of one socket (what the bridge and LiveConnections see of it). */
class WebSocketClient {
  constructor(
    private readonly socket: ServedSocket,
    readonly clientIp: string | undefined,
    readonly userAgent: string | undefined,
    private readonly closeGraceMs: number,
  ) {}

  bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  close(code: number, reason: string): void {
    closeSocket(this.socket.ws, code, reason, this.closeGraceMs);
  }
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
