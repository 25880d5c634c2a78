/**
 * HTML pages carrying schema.org JobPosting JSON-LD → RawJobPosting. node-html-parser (pure JS, fast,
 * tolerant of broken markup) finds the ld+json scripts; turndown turns the description HTML into
 * markdown. Postings may sit in @graph, in arrays, or across several script tags.
 */
import { parse as parseHtml } from 'node-html-parser';
import { netFailureReason, safeFetch, type SafeFetchOptions } from '@hiregraph/platform/net/ssrf';
import {
  countryCode,
  date,
  descriptionMarkdown,
  emptyPosting,
  employmentType,
  text,
  textList,
  type ParsedItem,
  type RawJobPosting,
  type RawLocation,
} from './posting.js';
import type { MonetaryAmountLike } from './salary.js';

type Json = Record<string, unknown>;

export interface HtmlParseOptions {
  /** The page's URL: the posting's sourceUrl unless the JSON-LD names its own url. */
  sourceUrl?: string | null;
  /** Keep the page on each posting as rawHtml (default true). */
  keepRawHtml?: boolean;
}

/** Every JobPosting on the page, or one rejection saying why there is none. */
export function parseJobPostingHtml(html: string, options: HtmlParseOptions = {}): ParsedItem[] {
  const root = parseHtml(html, { blockTextElements: { script: true, style: false, pre: true } });
  const scripts = root
    .querySelectorAll('script')
    .filter((script) => /^application\/ld\+json\b/i.test((script.getAttribute('type') ?? '').trim()));
  const problems: string[] = [];
  const postings: Json[] = [];
  scripts.forEach((script, i) => {
    try {
      collectJobPostings(JSON.parse(script.rawText.trim().replace(/^<!--|-->$/g, '')), postings);
    } catch (error) {
      problems.push(`JSON-LD script #${i + 1} is not valid JSON (${(error as Error).message})`);
    }
  });
  if (postings.length === 0) {
    const why =
      scripts.length === 0
        ? 'the page has no JSON-LD (application/ld+json) script'
        : 'no schema.org JobPosting in its JSON-LD';
    return [{ ok: false, index: 0, reason: [why, ...problems].join('; ') }];
  }
  const items = postings.map((posting, index) => fromJobPosting(posting, index, options, html));
  // Several postings on one page without their own url would all get the page's URL, hence one
  // dedupe key, and all but the first would be dropped as duplicates: they are told apart by their
  // identifier or content instead.
  if (postings.length > 1) {
    postings.forEach((node, index) => {
      const item = items[index];
      if (item.ok && !text(node.url) && item.posting.sourceUrl) item.posting.sharesPageUrl = true;
    });
  }
  return items;
}

/**
 * Fetches a page through the SSRF guard and parses it. Network refusals and non-HTML answers become
 * a rejection with the reason, not an exception, so a crawl goes on with the next URL.
 */
export async function fetchJobPostingPage(
  url: string,
  options: SafeFetchOptions & HtmlParseOptions = {},
): Promise<ParsedItem[]> {
  try {
    const response = await safeFetch(url, {
      maxBytes: 5 * 1024 * 1024,
      timeoutMs: 15_000,
      ...options,
      allowedContentTypes: ['text/html', 'application/xhtml+xml'],
    });
    if (response.status < 200 || response.status >= 300) {
      return [{ ok: false, index: 0, reason: `${url} answered HTTP ${response.status}` }];
    }
    return parseJobPostingHtml(response.text(), { ...options, sourceUrl: options.sourceUrl ?? response.url });
  } catch (error) {
    if (!netFailureReason(error)) throw error;
    return [{ ok: false, index: 0, reason: (error as Error).message }];
  }
}

function isJobPosting(node: Json): boolean {
  const types = Array.isArray(node['@type']) ? node['@type'] : [node['@type']];
  return types.some((t) => typeof t === 'string' && /(^|[/:])JobPosting$/.test(t));
}

function collectJobPostings(node: unknown, into: Json[]) {
  if (Array.isArray(node)) return node.forEach((child) => collectJobPostings(child, into));
  if (!node || typeof node !== 'object') return;
  const object = node as Json;
  if (isJobPosting(object)) into.push(object);
  if (object['@graph']) collectJobPostings(object['@graph'], into);
}

const decodeEntities = (s: string) => parseHtml(`<div>${s}</div>`).text;

function fromJobPosting(node: Json, index: number, options: HtmlParseOptions, html: string): ParsedItem {
  const title = text(decodeEntities(text(node.title) ?? ''));
  if (!title) return { ok: false, index, reason: `JobPosting #${index + 1} has no title` };
  const locationType = textList(node.jobLocationType).join(' ').toUpperCase();
  const posting: RawJobPosting = {
    ...emptyPosting(title),
    company: organizationName(node.hiringOrganization),
    location: locationOf(node.jobLocation),
    remote: locationType.includes('TELECOMMUTE') ? 'FULL' : node.jobLocation ? 'NONE' : null,
    employmentType: employmentType(node.employmentType),
    description: descriptionMarkdown(node.description, decodeEntities),
    salary: monetaryAmount(node.baseSalary) ?? monetaryAmount(node.estimatedSalary),
    postedAt: date(node.datePosted),
    validThrough: date(node.validThrough),
    sourceUrl: text(node.url) ?? options.sourceUrl ?? null,
    externalId: identifierOf(node.identifier),
    skills: termList(node.skills).map((name) => ({ name, level: null, keywords: [] })),
    responsibilities: termList(node.responsibilities),
    qualifications: [...termList(node.qualifications), ...termList(node.educationRequirements)],
    experience: experienceOf(node.experienceRequirements),
  };
  if (options.keepRawHtml !== false) posting.rawHtml = html;
  return { ok: true, index, posting };
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function organizationName(value: unknown): string | null {
  const org = first(value);
  if (typeof org === 'string') return text(org);
  return org && typeof org === 'object' ? text((org as Json).name) : null;
}

function locationOf(value: unknown): RawLocation | null {
  const place = first(value);
  if (!place || typeof place !== 'object') return null;
  const address = (place as Json).address;
  if (typeof address === 'string') return { city: text(address), region: null, countryCode: null };
  if (!address || typeof address !== 'object') return null;
  const a = address as Json;
  const country =
    a.addressCountry && typeof a.addressCountry === 'object'
      ? (a.addressCountry as Json).name
      : a.addressCountry;
  return {
    city: text(a.addressLocality),
    region: text(a.addressRegion),
    countryCode: countryCode(country),
    postalCode: text(a.postalCode),
    address: text(a.streetAddress),
  };
}

function monetaryAmount(value: unknown): MonetaryAmountLike | string | null {
  const amount = first(value);
  if (typeof amount === 'string' || typeof amount === 'number') return text(amount);
  return amount && typeof amount === 'object' ? (amount as MonetaryAmountLike) : null;
}

function identifierOf(value: unknown): string | null {
  const id = first(value);
  if (id && typeof id === 'object') return text((id as Json).value) ?? text((id as Json)['@id']);
  return text(id);
}

/** Text, a list of text, or DefinedTerm-like objects with a name; HTML lists are split into items. */
function termList(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value == null ? [] : [value];
  return values.flatMap((entry) => {
    if (entry && typeof entry === 'object') return textList((entry as Json).name);
    const raw = text(entry);
    if (!raw) return [];
    const plain = /<[a-z]/i.test(raw) ? (descriptionMarkdown(raw) ?? '') : raw;
    return textList(plain.replace(/^\s*[-*]\s+/gm, ''));
  });
}

function experienceOf(value: unknown): string | null {
  const requirement = first(value);
  if (requirement && typeof requirement === 'object') {
    const months = Number((requirement as Json).monthsOfExperience);
    return Number.isFinite(months) && months > 0
      ? `${months} months`
      : text((requirement as Json).description);
  }
  return text(requirement);
}
