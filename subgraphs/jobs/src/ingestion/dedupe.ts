/**
 * Dedupe keys for job postings, strongest first: the canonical source URL, then (source, externalId),
 * then a fingerprint of the posting's normalized content. One posting always gets exactly one key.
 */
import { createHash } from 'node:crypto';

/** Query parameters that only track the click and never change the page. */
const TRACKING_PARAMS = new Set([
  'gclid',
  'fbclid',
  'msclkid',
  'dclid',
  'yclid',
  'mc_cid',
  'mc_eid',
  'ref',
  'ref_src',
  '_hsenc',
  '_hsmi',
]);
const TRACKING_PREFIXES = ['utm_'];

export type DedupeKeyKind = 'url' | 'external_id' | 'content';

export interface DedupeKey {
  kind: DedupeKeyKind;
  /** SHA-256 hex; for kind 'url' this is the posting's url_hash. */
  hash: string;
}

export interface DedupeInput {
  source: string;
  sourceUrl?: string | null;
  externalId?: string | null;
  title?: string | null;
  company?: string | null;
  location?: { city?: string | null; region?: string | null; countryCode?: string | null } | null;
  description?: string | null;
  /** The URL is the page's, shared with other postings: not a key (see RawJobPosting). */
  sharesPageUrl?: boolean;
}

/**
 * Canonical form of an http(s) URL: lower-case scheme and host, default port and fragment dropped,
 * tracking parameters removed, remaining parameters sorted, trailing slash stripped. Null when the
 * text is not an http(s) URL.
 */
export function canonicalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  url.hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  const kept = [...url.searchParams.entries()].filter(
    ([name]) =>
      !TRACKING_PARAMS.has(name.toLowerCase()) &&
      !TRACKING_PREFIXES.some((p) => name.toLowerCase().startsWith(p)),
  );
  kept.sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)));
  url.search = new URLSearchParams(kept).toString();
  let text = url.toString();
  // The path's trailing slash goes, except for the bare origin ("https://a.com/" and "https://a.com" are one).
  text = text.replace(/\/+(\?|$)/, '$1');
  return text;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** url_hash: SHA-256 of the canonical URL, or null when the URL is missing or not http(s). */
export function urlHash(raw: string | null | undefined): string | null {
  const canonical = raw ? canonicalUrl(raw) : null;
  return canonical ? sha256(canonical) : null;
}

/** Lower-case, accents folded, punctuation and repeated whitespace collapsed. */
export function normalizeText(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Hash of the normalized title, company, location and description: the last-resort identity. */
export function contentFingerprint(input: DedupeInput): string {
  const location = input.location ?? {};
  const parts = [
    input.title,
    input.company,
    location.city,
    location.region,
    location.countryCode,
    input.description,
  ].map(normalizeText);
  return sha256(parts.join('\u0000'));
}

/** The strongest key available for a posting. */
export function dedupeKey(input: DedupeInput): DedupeKey {
  const hash = input.sharesPageUrl ? null : urlHash(input.sourceUrl);
  if (hash) return { kind: 'url', hash };
  const externalId = input.externalId?.trim();
  if (externalId)
    return { kind: 'external_id', hash: sha256(`${input.source.trim().toLowerCase()}\u0000${externalId}`) };
  return { kind: 'content', hash: contentFingerprint(input) };
}
