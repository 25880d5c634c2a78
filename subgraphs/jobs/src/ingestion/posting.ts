/**
 * The one shape every ingestion format produces (`RawJobPosting`), the per-item result of a streamed
 * parse, and the small normalizers the formats share (remote policy, employment type, country, dates,
 * HTML → markdown).
 */
import { Readable } from 'node:stream';
import TurndownService from 'turndown';
import * as chrono from 'chrono-node';
import { badUserInput } from '@hiregraph/platform/errors';
import type { MonetaryAmountLike } from './salary.js';

export type RemotePolicy = 'FULL' | 'HYBRID' | 'NONE';
export type EmploymentType =
  'FULL_TIME' | 'PART_TIME' | 'CONTRACT' | 'TEMPORARY' | 'INTERNSHIP' | 'VOLUNTEER' | 'PER_DIEM' | 'OTHER';

export interface RawLocation {
  city: string | null;
  region: string | null;
  /** ISO 3166-1 alpha-2 when recognizable. */
  countryCode: string | null;
  postalCode?: string | null;
  address?: string | null;
}

export interface RawSkill {
  name: string;
  level: string | null;
  keywords: string[];
}

export interface RawJobPosting {
  title: string;
  company: string | null;
  location: RawLocation | null;
  remote: RemotePolicy | null;
  employmentType: EmploymentType | null;
  /** Markdown. */
  description: string | null;
  /** Free text or a schema.org MonetaryAmount; parse with parseSalary. */
  salary: string | MonetaryAmountLike | null;
  postedAt: Date | null;
  validThrough: Date | null;
  sourceUrl: string | null;
  externalId: string | null;
  skills: RawSkill[];
  responsibilities: string[];
  qualifications: string[];
  experience: string | null;
  /** The page the posting came from, when it came from HTML (to offload to S3). */
  rawHtml?: string;
  /**
   * Its sourceUrl is the page's, shared with other postings on that page (none has its own url): the
   * URL then tells them apart from nothing, so it is not their dedupe key. Not sent in job.found.
   */
  sharesPageUrl?: boolean;
}

/** One streamed result: a posting, or a rejected item with a reason a person understands. */
export type ParsedItem =
  { ok: true; index: number; posting: RawJobPosting } | { ok: false; index: number; reason: string };

/** Anything a parser can read from: a stream (file, HTTP body), chunks, or a whole string/buffer. */
export type FeedSource = Readable | AsyncIterable<Buffer | string> | string | Buffer;

export function toReadable(source: FeedSource): Readable {
  if (source instanceof Readable) return source;
  if (typeof source === 'string' || Buffer.isBuffer(source)) return Readable.from([source]);
  return Readable.from(source);
}

/** Malformed input as a whole (not one item): a coded BAD_USER_INPUT with a machine-readable reason. */
export function malformedFeed(reason: string, message: string, extensions: Record<string, unknown> = {}) {
  return badUserInput(message, { ...extensions, reason });
}

export function emptyPosting(title: string): RawJobPosting {
  return {
    title,
    company: null,
    location: null,
    remote: null,
    employmentType: null,
    description: null,
    salary: null,
    postedAt: null,
    validThrough: null,
    sourceUrl: null,
    externalId: null,
    skills: [],
    responsibilities: [],
    qualifications: [],
    experience: null,
  };
}

/** Trimmed non-empty text, numbers as text, anything else null. */
export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  // Control characters (NUL above all, which PostgreSQL cannot store) are never part of a field's
  // text; a title of nothing else is no title.
  const trimmed = value.replace(CONTROL_CHARACTERS, '').trim();
  return trimmed ? trimmed : null;
}

/** C0 and C1 controls and DEL, except tab and line breaks. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** A list of strings from an array, or from text split on newlines / bullets / semicolons. */
export function textList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text).filter((v): v is string => v !== null);
  const single = text(value);
  if (!single) return [];
  return single
    .split(/\r?\n|;|•/)
    .map((line) => line.replace(/^\s*[-*]\s+/, '').trim())
    .filter(Boolean);
}

export function remotePolicy(value: unknown): RemotePolicy | null {
  if (value === true) return 'FULL';
  if (value === false) return 'NONE';
  const key = text(value)
    ?.toLowerCase()
    .replace(/[^a-z]/g, '');
  if (!key) return null;
  if (
    [
      'full',
      'fullremote',
      'fullyremote',
      'remote',
      'yes',
      'true',
      'telecommute',
      'remoteonly',
      'anywhere',
    ].includes(key)
  )
    return 'FULL';
  if (['hybrid', 'partial', 'partiallyremote', 'flexible', 'partremote'].includes(key)) return 'HYBRID';
  if (['none', 'no', 'false', 'onsite', 'office', 'inoffice', 'notremote', 'inperson'].includes(key))
    return 'NONE';
  return null;
}

const EMPLOYMENT_TYPES: [RegExp, EmploymentType][] = [
  [/^full ?time|^permanent|^fte$|^vollzeit/, 'FULL_TIME'],
  [/^part ?time|^teilzeit/, 'PART_TIME'],
  [/^contract|^freelance|^contractor|^b2b|^c2c|^1099/, 'CONTRACT'],
  [/^temp|^seasonal|^fixed ?term/, 'TEMPORARY'],
  [/^intern|^trainee|^apprentice|^werkstudent/, 'INTERNSHIP'],
  [/^volunteer/, 'VOLUNTEER'],
  [/^per ?diem/, 'PER_DIEM'],
];

/** Maps "Full-time", "FULL_TIME", ["CONTRACTOR"]… onto one EmploymentType (the first recognizable). */
export function employmentType(value: unknown): EmploymentType | null {
  const values = Array.isArray(value) ? value : [value];
  for (const candidate of values) {
    const key = text(candidate)?.toLowerCase().replace(/[_-]+/g, ' ');
    if (!key) continue;
    const found = EMPLOYMENT_TYPES.find(([pattern]) => pattern.test(key));
    if (found) return found[1];
    if (key === 'other') return 'OTHER';
  }
  return null;
}

/** Dates outside these years are misreadings, not postings. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;
const DAY_FIRST = /^\d{1,2}\.\d{1,2}\.\d{2,4}$/;

/**
 * A Date from epoch milliseconds or text as feeds write it ("2024-05-01", "2017-12", "May 1, 2024",
 * "1.5.2024", "3 days ago", an ISO timestamp), read by chrono-node in UTC: `new Date("1")` is
 * 2001, chrono reads no date in "1". A day without a time is that day's UTC midnight. Null when
 * absent, unreadable or outside 1990–2100.
 */
export function date(value: unknown, now: Date = new Date()): Date | null {
  let parsed: Date | null;
  if (typeof value === 'number') parsed = Number.isFinite(value) ? new Date(value) : null;
  else {
    const raw = text(value);
    if (raw === null || raw.length > 100) return null;
    // ISO 8601 of reduced precision (JSON Resume's "2017" and "2017-12") or basic form ("20171201"),
    // which chrono does not read: a four-digit year is a year, "1" is not.
    const iso = /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?$/.exec(raw);
    if (iso) {
      const [, year, month = '01', day = '01'] = iso;
      parsed = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
      const valid = parsed.getUTCMonth() === Number(month) - 1 && parsed.getUTCDate() === Number(day);
      return valid ? inYears(parsed) : null;
    }
    // Dotted dates are day-first (German, Russian, …); slashes follow chrono's English default.
    const parser = DAY_FIRST.test(raw) ? chrono.en.GB : chrono;
    const [result] = parser.parse(raw, { instant: now, timezone: 'UTC' });
    if (!result) return null;
    parsed = result.start.date();
    if (!result.start.isCertain('hour')) parsed.setUTCHours(0, 0, 0, 0);
  }
  return parsed === null || Number.isNaN(parsed.getTime()) ? null : inYears(parsed);
}

function inYears(parsed: Date): Date | null {
  const year = parsed.getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR ? parsed : null;
}

// A few alpha-3 codes and common names that Intl's English region names do not cover.
const COUNTRY_ALIASES: Record<string, string> = {
  usa: 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  gbr: 'GB',
  deu: 'DE',
  fra: 'FR',
  can: 'CA',
  aus: 'AU',
  ind: 'IN',
  nld: 'NL',
  esp: 'ES',
  ita: 'IT',
  che: 'CH',
  aut: 'AT',
  pol: 'PL',
  swe: 'SE',
  irl: 'IE',
  bra: 'BR',
  mex: 'MX',
  jpn: 'JP',
  sgp: 'SG',
  deutschland: 'DE',
  schweiz: 'CH',
  österreich: 'AT',
  españa: 'ES',
  holland: 'NL',
  'the netherlands': 'NL',
};
let regionNames: Map<string, string> | null = null;

/** ISO 3166-1 alpha-2 from a code ("de"), an English name ("Germany") or a common alias ("USA"). */
export function countryCode(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  const key = raw.toLowerCase().replace(/\./g, '');
  if (/^[a-z]{2}$/.test(key)) return key === 'uk' ? 'GB' : key.toUpperCase();
  if (COUNTRY_ALIASES[key]) return COUNTRY_ALIASES[key];
  if (!regionNames) {
    // Built once from the runtime's own ICU data: every two-letter code Intl knows a name for.
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    regionNames = new Map();
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = names.of(code);
        if (name && name !== code) regionNames.set(name.toLowerCase(), code);
      }
    }
  }
  return regionNames.get(key) ?? null;
}

/** "Berlin, Germany" / "Austin, TX, US" / "Remote" → a location (null for "Remote" and the like). */
export function locationFromText(value: unknown): RawLocation | null {
  const raw = text(value);
  if (!raw || /^(remote|anywhere|worldwide|global)$/i.test(raw)) return null;
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p && !/^remote$/i.test(p));
  if (parts.length === 0) return null;
  const last = parts.length > 1 ? countryCode(parts[parts.length - 1]) : countryCode(parts[0]);
  if (parts.length === 1)
    return last
      ? { city: null, region: null, countryCode: last }
      : { city: parts[0], region: null, countryCode: null };
  const body = last ? parts.slice(0, -1) : parts;
  return {
    city: body[0] ?? null,
    region: body.length > 1 ? body.slice(1).join(', ') : null,
    countryCode: last,
  };
}

const turndown = new TurndownService({
  headingStyle: 'atx',
  bulletListMarker: '-',
  codeBlockStyle: 'fenced',
});
turndown.remove(['script', 'style', 'iframe', 'noscript']);

/**
 * Description → markdown. HTML (also HTML that arrives entity-escaped, as JSON-LD often carries it)
 * goes through turndown; plain text is kept as it is.
 */
export function descriptionMarkdown(
  value: unknown,
  decodeEntities: (s: string) => string = (s) => s,
): string | null {
  let raw = text(value)?.replace(/\r\n?/g, '\n') ?? null;
  if (!raw) return null;
  if (!/<[a-z][\s\S]*>/i.test(raw) && /&lt;[a-z]/i.test(raw)) raw = decodeEntities(raw);
  if (!/<\/?[a-z][^>]*>/i.test(raw)) return raw;
  const markdown = turndown.turndown(raw).trim();
  return markdown || null;
}
