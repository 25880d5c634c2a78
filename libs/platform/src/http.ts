import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request } from 'express';
import cors from 'cors';
import { newId } from './ids.js';
import { reportListening } from './listening.js';
import type { Logger } from './logger.js';
import { runWithTrace, traceparentOf, TRACEPARENT_HEADER } from './trace.js';
import { httpMetricsMiddleware, metricsHandler } from './observability/metrics.js';
import { activeTraceparent } from './observability/trace-context.js';

export const REQUEST_ID_HEADER = 'x-request-id';

export type ReadinessChecks = Record<string, () => Promise<unknown>>;

export interface HttpAppOptions {
  logger: Logger;
  corsOrigins: string;
  maxRequestBytes: number;
  /** Dependencies that must answer for /readyz to report ready. */
  readiness: ReadinessChecks;
  /**
   * METRICS_PORT: serve /metrics on this port only (0: any free port), so Prometheus can reach it
   * where clients cannot; undefined: on the public port, as for `npm start`.
   */
  metricsPort?: number;
}

/** The separate /metrics server of a public server, listened and closed with it (see `listen`). */
const metricsServers = new WeakMap<http.Server, { server: http.Server; port: number }>();

/** Request id from the caller (the gateway forwards its own) or a fresh one. */
export function requestIdOf(req: Request): string {
  const header = req.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : newId();
}

/**
 * The HTTP shell shared by the gateway and every subgraph: CORS, a JSON body limit, request ids and
 * W3C trace context,
 * `/healthz` (the process is alive), `/readyz` (its dependencies answer) and `/metrics` (Prometheus).
 */
export function createHttpApp(options: HttpAppOptions): { app: Express; server: http.Server } {
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware());
  app.use((req, res, next) => {
    const requestId = requestIdOf(req);
    res.locals.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // Everything this request does, events included, carries its trace context (its span's, when
    // OpenTelemetry traces it).
    const traceparent = activeTraceparent() ?? traceparentOf(req.headers[TRACEPARENT_HEADER]);
    res.locals.traceparent = traceparent;
    runWithTrace(traceparent, next);
  });
  app.use(
    cors({
      origin: options.corsOrigins === '*' ? true : options.corsOrigins.split(',').map((o) => o.trim()),
      credentials: true,
    }),
  );
  app.use(express.json({ limit: options.maxRequestBytes }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (options.metricsPort === undefined) app.get('/metrics', metricsHandler());
  else {
    // Explicit, so no later catch-all (the gateway's web client) answers it on the public port.
    app.get('/metrics', (_req, res) => void res.status(404).json({ error: 'not found' }));
  }
  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(options.readiness).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2_000, name);
          return [name, 'ok'] as const;
        } catch (error) {
          options.logger.warn({ err: error, dependency: name }, 'readiness check failed');
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = results.every(([, status]) => status === 'ok');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) });
  });

  const server = http.createServer(app);
  // Keep-alive longer than typical load balancers so they close first.
  server.keepAliveTimeout = 65_000;
  if (options.metricsPort !== undefined) {
    const metricsApp = express();
    metricsApp.disable('x-powered-by');
    metricsApp.get('/metrics', metricsHandler());
    const metricsServer = http.createServer(metricsApp);
    metricsServers.set(server, { server: metricsServer, port: options.metricsPort });
    server.once('close', () => {
      metricsServer.close();
      metricsServer.closeAllConnections();
    });
  }
  return { app, server };
}

/** Where a public server's separate /metrics server listens, once `listen` has started it. */
export function metricsUrlOf(server: http.Server): string | undefined {
  const address = metricsServers.get(server)?.server.address() as AddressInfo | null | undefined;
  return address ? `http://127.0.0.1:${address.port}/metrics` : undefined;
}

/** Turns body-parser failures (too large, malformed JSON) into GraphQL-shaped coded errors. */
export function jsonErrorHandler(logger: Logger): express.ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === 'number' ? error.status : 500;
    const code =
      error?.type === 'entity.too.large'
        ? 'PAYLOAD_TOO_LARGE'
        : error?.type === 'entity.parse.failed'
          ? 'BAD_REQUEST'
          : 'INTERNAL_SERVER_ERROR';
    if (status >= 500) logger.error({ err: error }, 'request failed');
    res.status(status).json({
      errors: [{ message: status >= 500 ? 'Internal server error' : error.message, extensions: { code } }],
    });
  };
}

function listenOn(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Listens on `port`, and on METRICS_PORT too when the app was made with one. */
export async function listen(server: http.Server, port: number, host: string): Promise<string> {
  const metrics = metricsServers.get(server);
  if (metrics) await listenOn(metrics.server, metrics.port, host);
  try {
    await listenOn(server, port, host);
  } catch (error) {
    metrics?.server.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  // Port 0 means "any free port": whoever started this process learns which one it got.
  reportListening(address.port);
  return `http://${host}:${address.port}`;
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
