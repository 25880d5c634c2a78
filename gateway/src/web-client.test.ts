import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { webClientRouter } from './web-client.js';

describe('webClientRouter', () => {
  let dist: string;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'web-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>client</title>');
    await writeFile(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    const app = express();
    app.get('/healthz', (_req, res) => void res.json({ ok: true }));
    app.use(webClientRouter(dist)!);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dist, { recursive: true, force: true });
  });

  const get = (path: string, accept = 'text/html') => fetch(`${origin}${path}`, { headers: { accept } });

  it('serves index.html at / and for any page path a browser opens, revalidated', async () => {
    for (const path of ['/', '/resumes/123/matches']) {
      const res = await get(path);
      expect({ path, status: res.status, body: await res.text() }).toEqual({
        path,
        status: 200,
        body: '<!doctype html><title>client</title>',
      });
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets cached for good, and a missing asset is a 404, not the page', async () => {
    const asset = await get('/assets/app-abc123.js', '*/*');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('leaves API clients and earlier routes alone', async () => {
    expect((await get('/nothing-here', 'application/json')).status).toBe(404);
    expect(await (await get('/healthz', 'application/json')).json()).toEqual({ ok: true });
  });

  it('is not mounted when the build is missing', () => {
    expect(webClientRouter(join(dist, 'nowhere'))).toBeUndefined();
  });
});
