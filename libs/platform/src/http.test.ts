import type { AddressInfo } from 'node:net';
import { createHttpApp, listen, metricsUrlOf } from './http.js';
import { createLogger } from './logger.js';

/** METRICS_PORT: /metrics for Prometheus on a port of its own, and off the public one. */
const logger = createLogger('http-test', 'silent');
const options = { logger, corsOrigins: '*', maxRequestBytes: 1000, readiness: {} };

async function started(metricsPort?: number) {
  const { app, server } = createHttpApp({ ...options, metricsPort });
  // Stands for the gateway's web client: a catch-all after the shell's routes.
  app.use((_req, res) => void res.send('catch-all'));
  const url = await listen(server, 0, '127.0.0.1');
  return { url, server, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('/metrics', () => {
  it('is served on the public port when METRICS_PORT is not set', async () => {
    const service = await started();
    try {
      const response = await fetch(`${service.url}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('# TYPE');
      expect(metricsUrlOf(service.server)).toBeUndefined();
    } finally {
      await service.close();
    }
  });

  it('is served on METRICS_PORT alone when set, and answers 404 on the public port', async () => {
    const service = await started(0);
    const metricsUrl = metricsUrlOf(service.server);
    expect(metricsUrl).toBeDefined();
    expect(new URL(metricsUrl!).port).not.toBe(new URL(service.url).port);
    try {
      const scraped = await fetch(metricsUrl!);
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await scraped.text()).toContain('# TYPE');

      expect((await fetch(`${service.url}/metrics`)).status).toBe(404);
      // The public routes stay where they were, and the metrics port serves nothing else.
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      expect((await fetch(new URL('/healthz', metricsUrl))).status).toBe(404);
      expect((await fetch(new URL('/graphql', metricsUrl))).status).toBe(404);
    } finally {
      await service.close();
    }
    // Stopping the service stops its metrics server too.
    await expect(fetch(metricsUrl!)).rejects.toThrow();
  });

  it('binds METRICS_PORT as given', async () => {
    const probe = await started(0);
    const port = Number(new URL(metricsUrlOf(probe.server)!).port);
    await probe.close();
    const service = await started(port);
    try {
      expect((service.server.address() as AddressInfo).port).not.toBe(port);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    } finally {
      await service.close();
    }
  });
});
