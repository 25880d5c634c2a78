/**
 * The crawler behind URLS imports: for each page URL, the 24 h dedupe key, robots.txt, the per-domain
 * rate limit (shared through Redis by every process), then a fetch through the SSRF guard with a
 * timeout and a size cap. Every URL ends as postings, a duplicate, or a rejection with its reason.
 */
import type { Redis } from '@hiregraph/platform/redis';
import {
  netFailureReason,
  resolvePublicTarget,
  safeFetch,
  type AddressPolicy,
  type SafeFetchResponse,
} from '@hiregraph/platform/net/ssrf';
import { canonicalUrl, urlHash } from './dedupe.js';
import { parseJobPostingHtml } from './html.js';
import type { RawJobPosting } from './posting.js';
import type { RobotsCache } from './robots.js';

/**
 * `seenKeys`: the dedupe keys a page not read this time stands for — its own URL hash and the keys of
 * the postings it held when it was last read (their JSON-LD url may differ from the page's), so a
 * complete feed does not close them.
 */
export type CrawlOutcome =
  | { kind: 'postings'; index: number; url: string; urlHash: string; postings: RawJobPosting[]; html: string }
  | { kind: 'duplicate'; index: number; url: string; urlHash: string; seenKeys: string[] }
  | {
      kind: 'rejected';
      index: number;
      url: string;
      urlHash: string | null;
      reason: string;
      seenKeys: string[];
    };

export interface CrawlerOptions extends AddressPolicy {
  redis: Redis;
  robots: RobotsCache;
  userAgent: string;
  minDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  maxPageBytes: number;
  concurrency: number;
  dedupeSeconds: number;
}

export const dedupeRedisKey = (hash: string) => `dedup:url:${hash}`;
export const crawlRateKey = (domain: string) => `ratelimit:crawl:${domain}`;
/** The dedupe keys of the postings a page held when it was last read (kept as long as the page's). */
export const pagePostingsKey = (pageHash: string) => `crawl:page:${pageHash}:postings`;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Reserves the next request slot of a domain: returns how long to wait before it. The key holds the
 * time (ms) from which the next request may go; each caller moves it one interval further, so
 * requests to a domain are spaced by the interval across every process. (A fixed-window limiter
 * would let two requests through back to back at a window boundary, which Crawl-delay forbids.)
 */
const RESERVE_SLOT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
redis.call('SET', KEYS[1], slot + interval, 'PX', math.max(interval * 2, 1000))
return slot - now
`;

export async function reserveCrawlSlot(redis: Redis, domain: string, intervalMs: number): Promise<number> {
  const wait = await redis.eval(RESERVE_SLOT, 1, crawlRateKey(domain), Date.now(), intervalMs);
  return Number(wait);
}

export class Crawler {
  constructor(private readonly options: CrawlerOptions) {}

  /** Crawls the URLs `concurrency` at a time; outcomes come in completion order, each with its index. */
  async *crawl(urls: Iterable<{ index: number; url: string }>): AsyncGenerator<CrawlOutcome> {
    const pending = new Map<number, Promise<{ id: number; outcome: CrawlOutcome }>>();
    const iterator = urls[Symbol.iterator]();
    let id = 0;
    const refill = () => {
      while (pending.size < this.options.concurrency) {
        const next = iterator.next();
        if (next.done) return;
        const key = id++;
        pending.set(
          key,
          this.crawlOne(next.value.index, next.value.url).then((outcome) => ({ id: key, outcome })),
        );
      }
    };
    refill();
    try {
      while (pending.size > 0) {
        const { id: done, outcome } = await Promise.race(pending.values());
        pending.delete(done);
        refill();
        yield outcome;
      }
    } finally {
      // Stopped early (the import failed or the service stops): no fetch is left running unobserved.
      await Promise.allSettled(pending.values());
    }
  }

  async crawlOne(index: number, raw: string): Promise<CrawlOutcome> {
    const url = canonicalUrl(raw);
    const hash = url ? urlHash(url) : null;
    if (!url || !hash)
      return {
        kind: 'rejected',
        index,
        url: raw,
        urlHash: null,
        reason: `not an http(s) URL: ${raw}`,
        seenKeys: [],
      };
    const { redis } = this.options;
    const seenKeys = async () => [hash, ...(await redis.smembers(pagePostingsKey(hash)))];
    // Claimed before fetching, so two imports of one URL fetch it once; released when the fetch fails.
    const claimed = await redis.set(dedupeRedisKey(hash), 'crawling', 'EX', this.options.dedupeSeconds, 'NX');
    if (claimed !== 'OK') return { kind: 'duplicate', index, url, urlHash: hash, seenKeys: await seenKeys() };
    const reject = async (reason: string): Promise<CrawlOutcome> => {
      await redis.del(dedupeRedisKey(hash));
      return { kind: 'rejected', index, url, urlHash: hash, reason, seenKeys: await seenKeys() };
    };
    try {
      const deadline = Date.now() + this.options.timeoutMs;
      // Redirects are followed here, not by the fetch: every hop is a page of its own, with its
      // site's robots.txt and spacing.
      let target = url;
      for (let hop = 0; ; hop++) {
        const refusal = await this.checkTarget(target);
        if (refusal) return await reject(target === url ? refusal : `${refusal} (redirected from ${url})`);
        const response = await safeFetch(target, {
          allowPrivateNetworks: this.options.allowPrivateNetworks,
          allowHosts: this.options.allowHosts,
          userAgent: this.options.userAgent,
          timeoutMs: Math.max(1, deadline - Date.now()),
          maxBytes: this.options.maxPageBytes,
          allowedContentTypes: ['text/html', 'application/xhtml+xml'],
          followRedirects: false,
        });
        const location = response.headers.location;
        if (REDIRECT_STATUSES.has(response.status) && location) {
          if (hop >= MAX_REDIRECTS)
            return await reject(`TOO_MANY_REDIRECTS: more than ${MAX_REDIRECTS} from ${url}`);
          const next = new URL(location, target);
          if (next.protocol !== 'http:' && next.protocol !== 'https:')
            return await reject(`${target} redirects to a non-http(s) URL`);
          target = next.href;
          continue;
        }
        return await this.read(index, url, hash, response, reject);
      }
    } catch (error) {
      const reason = netFailureReason(error);
      if (!reason) throw error;
      return await reject(`${reason}: ${(error as Error).message}`);
    }
  }

  /**
   * What stops a fetch of `target` (a page or a redirect's target): the SSRF guard, then robots.txt;
   * null when it may go, after waiting for the domain's next request slot.
   */
  private async checkTarget(target: string): Promise<string | null> {
    const { redis, robots } = this.options;
    // A refused target is reported as such (robots.txt of a refused host would only read "disallowed").
    await resolvePublicTarget(new URL(target), this.options);
    if (!(await robots.isAllowed(target))) return `robots.txt disallows ${target}`;
    const delaySeconds = await robots.crawlDelaySeconds(target);
    const interval = Math.min(
      this.options.maxDelayMs,
      Math.max(this.options.minDelayMs, (delaySeconds ?? 0) * 1000),
    );
    const wait = await reserveCrawlSlot(redis, new URL(target).host, interval);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return null;
  }

  /** The page's postings, or why there are none. */
  private async read(
    index: number,
    url: string,
    hash: string,
    response: SafeFetchResponse,
    reject: (reason: string) => Promise<CrawlOutcome>,
  ): Promise<CrawlOutcome> {
    if (response.status < 200 || response.status >= 300) {
      return reject(`${url} answered HTTP ${response.status}`);
    }
    const html = response.text();
    const items = parseJobPostingHtml(html, { sourceUrl: url, keepRawHtml: false });
    const postings = items.flatMap((item) => (item.ok ? [item.posting] : []));
    if (postings.length === 0) {
      const reasons = items.flatMap((item) => (item.ok ? [] : [item.reason]));
      return reject(`${url}: ${reasons.join('; ') || 'no JobPosting'}`);
    }
    return { kind: 'postings', index, url, urlHash: hash, postings, html };
  }
}
