import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RobotsCache } from './robots.js';

describe('RobotsCache', () => {
  let server: http.Server;
  let origin: string;
  let robotsFetches = 0;
  let mode: 'rules' | 'missing' | 'error' = 'rules';

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url !== '/robots.txt') return void res.writeHead(404).end();
      robotsFetches++;
      if (mode === 'missing') return void res.writeHead(404).end();
      if (mode === 'error') return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(
        'User-agent: *\nDisallow: /private/\nAllow: /private/open\n\nUser-agent: HiregraphBot\nDisallow: /no-bots\nCrawl-delay: 2\n',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    robotsFetches = 0;
    mode = 'rules';
  });

  const cache = (extra = {}) => new RobotsCache({ allowHosts: [origin.replace('http://', '')], ...extra });

  it('applies the group for our user agent and fetches robots.txt once per origin', async () => {
    const robots = cache();
    expect(await robots.isAllowed(`${origin}/jobs/1`)).toBe(true);
    expect(await robots.isAllowed(`${origin}/no-bots/x`)).toBe(false);
    // Our named group replaces the * group, so /private/ is open to us.
    expect(await robots.isAllowed(`${origin}/private/x`)).toBe(true);
    expect(await robots.crawlDelaySeconds(`${origin}/`)).toBe(2);
    const other = cache({ userAgent: 'OtherBot' });
    expect(await other.isAllowed(`${origin}/private/x`)).toBe(false);
    expect(await other.isAllowed(`${origin}/private/open`)).toBe(true);
    expect(robotsFetches).toBe(2);
  });

  it('shares one fetch between concurrent callers and refetches after the TTL', async () => {
    let now = 1_000;
    const robots = cache({ ttlMs: 100, now: () => now });
    await Promise.all([1, 2, 3].map(() => robots.isAllowed(`${origin}/a`)));
    expect(robotsFetches).toBe(1);
    now += 50;
    await robots.isAllowed(`${origin}/a`);
    expect(robotsFetches).toBe(1);
    now += 100;
    await robots.isAllowed(`${origin}/a`);
    expect(robotsFetches).toBe(2);
  });

  it('allows everything when robots.txt is missing, and nothing when the server fails', async () => {
    mode = 'missing';
    expect(await cache().isAllowed(`${origin}/no-bots/x`)).toBe(true);
    mode = 'error';
    expect(await cache().isAllowed(`${origin}/jobs/1`)).toBe(false);
  });

  it('fetches robots.txt through the SSRF guard: a private origin is treated as unreachable', async () => {
    expect(await new RobotsCache().isAllowed(`${origin}/jobs/1`)).toBe(false);
    expect(robotsFetches).toBe(0);
  });
});
