/**
 * JSON Resume job schema (https://jsonresume.org/job-description-schema) → RawJobPosting, streamed:
 * a top-level array is read item by item with stream-json, so a feed of any length never sits in
 * memory whole. One object, or several concatenated/newline-delimited objects, stream the same way.
 * Unknown fields are ignored; an item without a usable title is rejected with its index.
 */
import { PassThrough, Readable } from 'node:stream';
import streamArray from 'stream-json/streamers/stream-array.js';
import streamValues from 'stream-json/streamers/stream-values.js';
import {
  countryCode,
  date,
  descriptionMarkdown,
  emptyPosting,
  employmentType,
  malformedFeed,
  remotePolicy,
  text,
  textList,
  toReadable,
  type FeedSource,
  type ParsedItem,
  type RawJobPosting,
  type RawSkill,
} from './posting.js';

export interface StreamOptions {
  /** Refuse feeds larger than this many bytes (counted as they stream). */
  maxBytes?: number;
}

/** Streams postings (or per-item rejections) out of a JSON Resume job object, array, or JSON lines. */
export async function* parseJsonResumeJobs(
  source: FeedSource,
  options: StreamOptions = {},
): AsyncGenerator<ParsedItem> {
  const input = limitBytes(toReadable(source), options.maxBytes);
  const first = await firstSignificantChar(input);
  if (first.char === null) throw malformedFeed('EMPTY_FEED', 'The JSON feed is empty');
  if (first.char !== '[' && first.char !== '{') {
    throw malformedFeed(
      'MALFORMED_JSON',
      `A JSON Resume job feed must start with "[" or "{", not "${first.char}"`,
    );
  }
  const tokens =
    first.char === '['
      ? streamArray.withParserAsStream()
      : streamValues.withParserAsStream({ jsonStreaming: true });
  const stream = first.rest.pipe(tokens);
  first.rest.on('error', (error) => stream.destroy(error));
  let index = 0;
  try {
    for await (const item of stream as AsyncIterable<{ key: number; value: unknown }>) {
      yield fromJsonResume(item.value, index++);
    }
  } catch (error) {
    if ((error as { extensions?: unknown }).extensions) throw error;
    throw malformedFeed(
      'MALFORMED_JSON',
      `The JSON feed is malformed after ${index} item(s): ${(error as Error).message}`,
      { itemsRead: index },
    );
  }
}

/** Maps one decoded JSON Resume job to a posting, or a rejection saying what is wrong with it. */
export function fromJsonResume(value: unknown, index: number): ParsedItem {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, index, reason: `item ${index} is not a JSON object` };
  }
  const job = value as Record<string, unknown>;
  const title = text(job.title);
  if (!title) return { ok: false, index, reason: `item ${index} has no title` };
  const location =
    job.location && typeof job.location === 'object' ? (job.location as Record<string, unknown>) : null;
  const posting: RawJobPosting = {
    ...emptyPosting(title),
    company: text(job.company),
    employmentType: employmentType(job.type),
    postedAt: date(job.date),
    description: descriptionMarkdown(job.description),
    location: location
      ? {
          city: text(location.city),
          region: text(location.region),
          countryCode: countryCode(location.countryCode),
          postalCode: text(location.postalCode),
          address: text(location.address),
        }
      : null,
    remote: remotePolicy(job.remote),
    salary: typeof job.salary === 'object' && job.salary !== null ? (job.salary as object) : text(job.salary),
    experience: text(job.experience),
    responsibilities: textList(job.responsibilities),
    qualifications: textList(job.qualifications),
    skills: skillsOf(job.skills),
    sourceUrl: text(job.url) ?? text(job.website),
    externalId: text(job.id),
  };
  return { ok: true, index, posting };
}

function skillsOf(value: unknown): RawSkill[] {
  if (!Array.isArray(value)) return [];
  const skills: RawSkill[] = [];
  for (const entry of value) {
    if (typeof entry === 'string') {
      if (entry.trim()) skills.push({ name: entry.trim(), level: null, keywords: [] });
      continue;
    }
    if (!entry || typeof entry !== 'object') continue;
    const skill = entry as Record<string, unknown>;
    const name = text(skill.name);
    if (name) skills.push({ name, level: text(skill.level), keywords: textList(skill.keywords) });
  }
  return skills;
}

/** Reads up to the first non-whitespace character, handing back a stream that still has every byte. */
async function firstSignificantChar(input: Readable): Promise<{ char: string | null; rest: Readable }> {
  const iterator: AsyncIterator<Buffer | string> = input[Symbol.asyncIterator]();
  const buffered: (Buffer | string)[] = [];
  let char: string | null = null;
  while (char === null) {
    const next = await iterator.next();
    if (next.done) break;
    buffered.push(next.value);
    const chunkText = typeof next.value === 'string' ? next.value : next.value.toString('utf8');
    char = /[^\s\uFEFF]/.exec(chunkText)?.[0] ?? null;
  }
  async function* replay() {
    yield* buffered;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { char, rest: Readable.from(replay()) };
}

/** Passes bytes through, failing with a coded FEED_TOO_LARGE once more than maxBytes went by. */
export function limitBytes(input: Readable, maxBytes: number | undefined): Readable {
  if (!maxBytes) return input;
  let seen = 0;
  const limited = new PassThrough();
  input.on('data', (chunk: Buffer | string) => {
    seen += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (seen > maxBytes) {
      input.destroy();
      limited.destroy(
        malformedFeed('FEED_TOO_LARGE', `The feed is larger than ${maxBytes} bytes`, { maxBytes }),
      );
      return;
    }
    if (!limited.write(chunk)) {
      input.pause();
      limited.once('drain', () => input.resume());
    }
  });
  input.once('end', () => limited.end());
  input.once('error', (error) => limited.destroy(error));
  return limited;
}
