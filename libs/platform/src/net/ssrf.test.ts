import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  isPublicAddress,
  NetFailure,
  netFailureReason,
  resolvePublicTarget,
  safeFetch,
  safeRequest,
  type SafeFetchOptions,
} from './ssrf.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function startServer(handler: Handler) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    hostPort: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
  } catch (error) {
    return netFailureReason(error) ?? `unexpected: ${(error as Error).message}`;
  }
  return null;
}

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('resolvePublicTarget', () => {
  it('refuses names that resolve to loopback and numeric forms of 127.0.0.1', async () => {
    for (const url of [
      'http://localhost/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      expect(await failureOf(resolvePublicTarget(new URL(url)))).toBe(NetFailure.BlockedAddress);
    }
  });

  it('refuses protocols other than http(s)', async () => {
    expect(await failureOf(resolvePublicTarget(new URL('file:///etc/passwd')))).toBe(
      NetFailure.UnsupportedProtocol,
    );
  });

  it('allows a private address with the flag and returns it for pinning', async () => {
    await expect(
      resolvePublicTarget(new URL('http://127.0.0.1:1/'), { allowPrivateNetworks: true }),
    ).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });
});

describe('safeFetch against a local server', () => {
  let target: Awaited<ReturnType<typeof startServer>>;
  let other: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    other = await startServer((_req, res) => res.end('internal secret'));
    target = await startServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/hello') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<p>hello</p>');
      } else if (path === '/to-other') {
        res.writeHead(302, { location: `${other.origin}/secret` });
        res.end();
      } else if (path === '/to-localhost-name') {
        res.writeHead(301, { location: `http://localhost:${target.port}/hello` });
        res.end();
      } else if (path === '/to-same') {
        res.writeHead(307, { location: '/hello' });
        res.end();
      } else if (path === '/loop') {
        res.writeHead(302, { location: '/loop' });
        res.end();
      } else if (path === '/big-declared') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(2_000_000) });
        res.end(Buffer.alloc(2_000_000, 97));
      } else if (path === '/big-chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 40; i++) res.write(Buffer.alloc(64 * 1024, 98));
        res.end();
      } else if (path === '/pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end('%PDF-1.4');
      } else if (path === '/stall-headers') {
        // never answers
      } else if (path === '/stall-body') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
      } else {
        res.writeHead(404).end();
      }
    });
  });

  afterAll(async () => {
    await target.close();
    await other.close();
  });

  const allowTarget = (extra: SafeFetchOptions = {}): SafeFetchOptions => ({
    allowHosts: [target.hostPort],
    ...extra,
  });

  it('refuses 127.0.0.1 by default', async () => {
    expect(await failureOf(safeFetch(`${target.origin}/hello`))).toBe(NetFailure.BlockedAddress);
  });

  it('fetches with allowPrivateNetworks, or with the exact host:port allowed', async () => {
    const viaFlag = await safeFetch(`${target.origin}/hello`, { allowPrivateNetworks: true });
    expect(viaFlag).toMatchObject({ status: 200, contentType: 'text/html' });
    expect(viaFlag.text()).toBe('<p>hello</p>');
    const viaHost = await safeFetch(`${target.origin}/hello`, allowTarget());
    expect(viaHost.text()).toBe('<p>hello</p>');
  });

  it('follows a redirect within the allowed host and reports the hops', async () => {
    const response = await safeFetch(`${target.origin}/to-same`, allowTarget());
    expect(response.url).toBe(`${target.origin}/hello`);
    expect(response.redirects).toEqual([`${target.origin}/to-same`]);
    expect(response.text()).toBe('<p>hello</p>');
  });

  it('refuses a redirect from an allowed host to another private target (other port, or a name for 127.0.0.1)', async () => {
    expect(await failureOf(safeFetch(`${target.origin}/to-other`, allowTarget()))).toBe(
      NetFailure.BlockedAddress,
    );
    expect(await failureOf(safeFetch(`${target.origin}/to-localhost-name`, allowTarget()))).toBe(
      NetFailure.BlockedAddress,
    );
  });

  it('stops redirect loops', async () => {
    expect(await failureOf(safeFetch(`${target.origin}/loop`, allowTarget({ maxRedirects: 3 })))).toBe(
      NetFailure.TooManyRedirects,
    );
  });

  it('refuses bodies over the byte cap, declared or streamed', async () => {
    expect(
      await failureOf(safeFetch(`${target.origin}/big-declared`, allowTarget({ maxBytes: 1_000_000 }))),
    ).toBe(NetFailure.ResponseTooLarge);
    expect(
      await failureOf(safeFetch(`${target.origin}/big-chunked`, allowTarget({ maxBytes: 1_000_000 }))),
    ).toBe(NetFailure.ResponseTooLarge);
    const withinCap = await safeFetch(`${target.origin}/big-chunked`, allowTarget({ maxBytes: 3_000_000 }));
    expect(withinCap.body.length).toBe(40 * 64 * 1024);
  });

  it('times out when the server never answers, or stops sending the body', async () => {
    const started = Date.now();
    expect(
      await failureOf(safeFetch(`${target.origin}/stall-headers`, allowTarget({ timeoutMs: 300 }))),
    ).toBe(NetFailure.Timeout);
    expect(await failureOf(safeFetch(`${target.origin}/stall-body`, allowTarget({ timeoutMs: 300 })))).toBe(
      NetFailure.Timeout,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a content type outside the allowed list', async () => {
    const options = allowTarget({ allowedContentTypes: ['text/html', 'application/xhtml+xml'] });
    expect(await failureOf(safeFetch(`${target.origin}/pdf`, options))).toBe(
      NetFailure.UnsupportedContentType,
    );
    await expect(safeFetch(`${target.origin}/hello`, options)).resolves.toMatchObject({ status: 200 });
  });

  it('streams the body for callers that do not buffer it', async () => {
    const response = await safeRequest(`${target.origin}/big-chunked`, allowTarget({ maxBytes: 3_000_000 }));
    let bytes = 0;
    for await (const chunk of response.body) bytes += (chunk as Buffer).length;
    expect(bytes).toBe(40 * 64 * 1024);
  });
});
