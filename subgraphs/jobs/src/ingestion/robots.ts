/**
 * robots.txt, fetched through the SSRF guard and cached per origin (RFC 9309): 2xx → parsed rules,
 * 4xx → no rules (everything allowed), 5xx or unreachable → everything disallowed for a shorter while.
 * The cache lives in the process; a crawler with several workers may fetch a file once per worker.
 */
import robotsParserModule from 'robots-parser';
import { safeFetch, type AddressPolicy } from '@hiregraph/platform/net/ssrf';

export interface RobotsOptions extends AddressPolicy {
  userAgent?: string;
  /** How long a fetched robots.txt is trusted. Default 24 h (RFC 9309's upper bound). */
  ttlMs?: number;
  /** How long an unreachable robots.txt keeps the origin closed before retrying. Default 10 min. */
  errorTtlMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

interface Entry {
  expiresAt: number;
  isAllowed: (url: string) => boolean;
  crawlDelaySeconds: number | null;
}

// robots-parser is CommonJS whose typings declare an ES default export: take whichever form loads.
const robotsParser = ((robotsParserModule as unknown as { default?: unknown }).default ??
  robotsParserModule) as typeof robotsParserModule.default;

export const ROBOTS_MAX_BYTES = 500 * 1024; // RFC 9309: parse at least 500 KiB; we read no more.

export class RobotsCache {
  private readonly entries = new Map<string, Promise<Entry>>();
  private readonly userAgent: string;

  constructor(private readonly options: RobotsOptions = {}) {
    this.userAgent = options.userAgent ?? 'HiregraphBot';
  }

  /** Whether our user agent may fetch url according to its origin's robots.txt. */
  async isAllowed(url: string): Promise<boolean> {
    return (await this.entryFor(url)).isAllowed(url);
  }

  /** The Crawl-delay for our user agent on url's origin, in seconds, if the site sets one. */
  async crawlDelaySeconds(url: string): Promise<number | null> {
    return (await this.entryFor(url)).crawlDelaySeconds;
  }

  private entryFor(url: string): Promise<Entry> {
    const origin = new URL(url).origin;
    const now = this.options.now?.() ?? Date.now();
    const cached = this.entries.get(origin);
    if (cached) {
      // Concurrent callers share one fetch; an expired entry is replaced once it resolves as stale.
      return cached.then((entry) => (entry.expiresAt > now ? entry : this.refresh(origin, now)));
    }
    return this.refresh(origin, now);
  }

  private refresh(origin: string, now: number): Promise<Entry> {
    const pending = this.load(origin, now);
    this.entries.set(origin, pending);
    return pending;
  }

  private async load(origin: string, now: number): Promise<Entry> {
    const robotsUrl = `${origin}/robots.txt`;
    const ttl = this.options.ttlMs ?? 24 * 60 * 60 * 1000;
    const errorTtl = this.options.errorTtlMs ?? 10 * 60 * 1000;
    const closed: Entry = { expiresAt: now + errorTtl, isAllowed: () => false, crawlDelaySeconds: null };
    try {
      const response = await safeFetch(robotsUrl, {
        allowPrivateNetworks: this.options.allowPrivateNetworks,
        allowHosts: this.options.allowHosts,
        userAgent: this.userAgent,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        maxBytes: ROBOTS_MAX_BYTES,
      });
      if (response.status >= 500) return closed;
      if (response.status >= 400)
        return { expiresAt: now + ttl, isAllowed: () => true, crawlDelaySeconds: null };
      if (response.status < 200 || response.status >= 300) return closed;
      const robots = robotsParser(robotsUrl, response.text());
      return {
        expiresAt: now + ttl,
        isAllowed: (url) => robots.isAllowed(url, this.userAgent) !== false,
        crawlDelaySeconds: robots.getCrawlDelay(this.userAgent) ?? null,
      };
    } catch {
      return closed;
    }
  }
}
