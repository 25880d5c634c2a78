/**
 * Outbound HTTP that cannot be pointed at our own network (SSRF): every hop's host is resolved, all
 * of its addresses must be public, and the connection is pinned to the checked address so a second
 * DNS answer (rebinding) cannot swap in 127.0.0.1. Redirects are followed by hand and re-checked.
 * Bodies are streamed under a byte cap; one deadline covers connect, redirects and body.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import ipaddr from 'ipaddr.js';
import { codedError, ErrorCode } from '../errors.js';

/** Why an outbound request was refused or failed; carried in the error's extensions.reason. */
export const NetFailure = {
  BlockedAddress: 'BLOCKED_ADDRESS',
  UnsupportedProtocol: 'UNSUPPORTED_PROTOCOL',
  InvalidUrl: 'INVALID_URL',
  DnsFailed: 'DNS_FAILED',
  TooManyRedirects: 'TOO_MANY_REDIRECTS',
  ResponseTooLarge: 'RESPONSE_TOO_LARGE',
  Timeout: 'TIMEOUT',
  UnsupportedContentType: 'UNSUPPORTED_CONTENT_TYPE',
  ConnectionFailed: 'CONNECTION_FAILED',
} as const;
export type NetFailure = (typeof NetFailure)[keyof typeof NetFailure];

export function netError(reason: NetFailure, message: string, extensions: Record<string, unknown> = {}) {
  return codedError(ErrorCode.BadUserInput, message, { ...extensions, reason });
}

/** The NetFailure reason of an error thrown here, or null for anything else. */
export function netFailureReason(error: unknown): NetFailure | null {
  const reason = (error as { extensions?: { reason?: unknown } } | null)?.extensions?.reason;
  return typeof reason === 'string' && (Object.values(NetFailure) as string[]).includes(reason)
    ? (reason as NetFailure)
    : null;
}

export interface AddressPolicy {
  /** Allow private, loopback, link-local… targets (local development and tests only). */
  allowPrivateNetworks?: boolean;
  /**
   * Exact "host:port" targets exempt from the address check (e.g. a test server on 127.0.0.1:PORT).
   * Any other private target, including a redirect to another port of the same host, is still refused.
   */
  allowHosts?: string[];
}

/**
 * The ipaddr.js range of an address, with IPv4-mapped IPv6 (::ffff:127.0.0.1) unwrapped first so it
 * is judged as the IPv4 address it reaches. Only 'unicast' is public.
 */
export function addressRange(address: string): string {
  const parsed = ipaddr.process(address.replace(/^\[|\]$/g, ''));
  return parsed.range();
}

/** True for globally routable unicast addresses; false for every special-purpose range and for garbage. */
export function isPublicAddress(address: string): boolean {
  try {
    return addressRange(address) === 'unicast';
  } catch {
    return false;
  }
}

interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a URL's host (all addresses) and refuses it unless every address is public, the policy
 * allows private networks, or host:port is listed in allowHosts. Returns the address to connect to.
 */
export async function resolvePublicTarget(url: URL, policy: AddressPolicy = {}): Promise<ResolvedTarget> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw netError(
      NetFailure.UnsupportedProtocol,
      `Only http and https URLs can be fetched, not ${url.protocol}`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const exempt = policy.allowPrivateNetworks || (policy.allowHosts ?? []).includes(hostPort(url));
  let addresses: ResolvedTarget[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }];
  } else {
    try {
      const found = await dnsLookup(host, { all: true, verbatim: true });
      addresses = found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
    } catch (error) {
      throw netError(NetFailure.DnsFailed, `Could not resolve ${host}: ${(error as Error).message}`);
    }
    if (addresses.length === 0)
      throw netError(NetFailure.DnsFailed, `Could not resolve ${host}: no addresses`);
  }
  if (!exempt) {
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked) {
      throw netError(
        NetFailure.BlockedAddress,
        `Refusing to fetch ${url.origin}: ${host} resolves to ${blocked.address} (${safeRange(blocked.address)}), which is not a public address`,
        { address: blocked.address },
      );
    }
  }
  return addresses[0];
}

function safeRange(address: string): string {
  try {
    return addressRange(address);
  } catch {
    return 'invalid';
  }
}

function hostPort(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname.toLowerCase()}:${port}`;
}

export interface SafeFetchOptions extends AddressPolicy {
  /** One deadline for the whole exchange: every hop's connect and headers, and the body. Default 10 s. */
  timeoutMs?: number;
  /** Largest body accepted, counted as it streams (Content-Length checked up front too). Default 5 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Accepted media types for a 2xx answer, e.g. ['text/html', 'application/xhtml+xml']; any when omitted. */
  allowedContentTypes?: string[];
  userAgent?: string;
  headers?: Record<string, string>;
  /** Default GET. */
  method?: 'GET' | 'POST';
  /** Request body (sent as is; set content-type in `headers`). */
  body?: string | Buffer;
  /**
   * Default true. When false a 3xx answer is returned as it is instead of being followed (webhooks:
   * the receiver must answer itself, and no hop can lead the request elsewhere).
   */
  followRedirects?: boolean;
}

export interface SafeResponseHead {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  /** Media type without parameters, lower case; null when absent. */
  contentType: string | null;
  /** Every URL visited before the final one. */
  redirects: string[];
}

export interface SafeStreamResponse extends SafeResponseHead {
  /** The body; errors with a coded RESPONSE_TOO_LARGE or TIMEOUT error when a limit is crossed. */
  body: Readable;
}

export interface SafeFetchResponse extends SafeResponseHead {
  body: Buffer;
  text(): string;
}

export const DEFAULT_USER_AGENT = 'HiregraphBot/1.0 (+https://hiregraph.example/bot)';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A request (GET unless `method` says otherwise) with the SSRF guard, returning the body as a capped stream (for feeds too large to buffer). */
export async function safeRequest(
  rawUrl: string,
  options: SafeFetchOptions = {},
): Promise<SafeStreamResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const timeoutError = () =>
    netError(NetFailure.Timeout, `No complete answer from ${rawUrl} within ${timeoutMs} ms`);

  let url = parseUrl(rawUrl);
  const redirects: string[] = [];
  try {
    for (;;) {
      const target = await resolvePublicTarget(url, options);
      if (controller.signal.aborted) throw timeoutError();
      const response = await send(url, target, options, controller.signal).catch((error: Error) => {
        throw controller.signal.aborted
          ? timeoutError()
          : netError(NetFailure.ConnectionFailed, `Could not fetch ${url.href}: ${error.message}`);
      });
      const location = response.headers.location;
      if (options.followRedirects !== false && REDIRECT_STATUSES.has(response.statusCode ?? 0) && location) {
        response.resume();
        if (redirects.length >= maxRedirects) {
          throw netError(
            NetFailure.TooManyRedirects,
            `More than ${maxRedirects} redirects starting at ${rawUrl}`,
          );
        }
        redirects.push(url.href);
        url = parseUrl(location, url);
        continue;
      }
      const head = describe(url, response, redirects);
      checkContentType(head, options.allowedContentTypes);
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.destroy();
        throw tooLarge(url, maxBytes);
      }
      return { ...head, body: capBody(response, url, maxBytes, controller.signal, timer, timeoutError) };
    }
  } catch (error) {
    clearTimeout(timer);
    controller.abort();
    throw error;
  }
}

/** GET with the SSRF guard, buffering the (capped) body. */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}): Promise<SafeFetchResponse> {
  const response = await safeRequest(rawUrl, options);
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const { body: _stream, ...head } = response;
  return { ...head, body, text: () => body.toString(charsetOf(head.headers) ?? 'utf8') };
}

function parseUrl(raw: string, base?: URL): URL {
  try {
    return new URL(raw, base);
  } catch {
    throw netError(NetFailure.InvalidUrl, `Not a valid URL: ${raw}`);
  }
}

function send(url: URL, target: ResolvedTarget, options: SafeFetchOptions, signal: AbortSignal) {
  // Pinned lookup: the socket connects to the address that was checked, whatever DNS says now.
  const lookup = ((
    _host: string,
    lookupOptions: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    if (lookupOptions?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const request = client.request(url, {
      method: options.method ?? 'GET',
      lookup,
      signal,
      agent: false,
      headers: {
        'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
        accept: options.allowedContentTypes?.join(', ') ?? '*/*',
        // No compression: the byte cap must count what we will hold, not a compressed bomb.
        'accept-encoding': 'identity',
        ...(body ? { 'content-length': String(body.length) } : {}),
        ...options.headers,
      },
    });
    request.once('response', resolve);
    request.once('error', reject);
    request.end(body);
  });
}

function describe(url: URL, response: IncomingMessage, redirects: string[]): SafeResponseHead {
  const type = response.headers['content-type'];
  return {
    url: url.href,
    status: response.statusCode ?? 0,
    headers: response.headers,
    contentType: type ? type.split(';')[0].trim().toLowerCase() : null,
    redirects,
  };
}

function checkContentType(head: SafeResponseHead, allowed: string[] | undefined) {
  if (!allowed || head.status < 200 || head.status >= 300) return;
  if (head.contentType && allowed.some((type) => type.toLowerCase() === head.contentType)) return;
  throw netError(
    NetFailure.UnsupportedContentType,
    `${head.url} answered with ${head.contentType ?? 'no content type'}, expected ${allowed.join(' or ')}`,
    { contentType: head.contentType },
  );
}

function tooLarge(url: URL, maxBytes: number) {
  return netError(
    NetFailure.ResponseTooLarge,
    `The answer from ${url.href} is larger than ${maxBytes} bytes`,
    {
      maxBytes,
    },
  );
}

function capBody(
  response: IncomingMessage,
  url: URL,
  maxBytes: number,
  signal: AbortSignal,
  timer: NodeJS.Timeout,
  timeoutError: () => Error,
): Readable {
  const body = new PassThrough();
  let received = 0;
  const fail = (error: Error) => {
    clearTimeout(timer);
    response.destroy();
    body.destroy(error);
  };
  const onAbort = () => fail(timeoutError());
  signal.addEventListener('abort', onAbort, { once: true });
  response.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes) return fail(tooLarge(url, maxBytes));
    if (!body.write(chunk)) {
      response.pause();
      body.once('drain', () => response.resume());
    }
  });
  response.once('end', () => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    body.end();
  });
  response.once('error', (error) => {
    if (!signal.aborted)
      fail(netError(NetFailure.ConnectionFailed, `Reading ${url.href} failed: ${error.message}`));
  });
  // A consumer that stops reading early (destroy) must not leave the socket or the timer behind.
  body.once('close', () => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    if (!response.complete) response.destroy();
  });
  return body;
}

function charsetOf(headers: IncomingHttpHeaders): BufferEncoding | null {
  const match = /charset=["']?([\w-]+)/i.exec(headers['content-type'] ?? '');
  const charset = match?.[1].toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8') return 'utf8';
  if (charset === 'iso-8859-1' || charset === 'latin1' || charset === 'us-ascii') return 'latin1';
  return null;
}
