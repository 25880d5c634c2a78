import { Readable } from 'node:stream';
import { parseJsonResumeJobs } from './json-resume.js';
import type { ParsedItem } from './posting.js';

async function collect(source: Parameters<typeof parseJsonResumeJobs>[0], options = {}) {
  const items: ParsedItem[] = [];
  for await (const item of parseJsonResumeJobs(source, options)) items.push(item);
  return items;
}

async function reasonOf(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    return (error as { extensions?: { code?: string; reason?: string } }).extensions;
  }
}

const fullJob = {
  title: 'Web Developer',
  company: 'Microsoft',
  type: 'Full-time',
  date: '2017-12-29',
  description: 'Bring to the table win-win survival strategies.',
  location: {
    address: '2712 Broadway St',
    postalCode: 'CA 94115',
    city: 'San Francisco',
    countryCode: 'US',
    region: 'California',
  },
  remote: 'Full',
  salary: '100000',
  experience: 'Senior or Lead',
  responsibilities: ['Build the web', 'Review code'],
  qualifications: ['5+ years of JavaScript'],
  skills: [
    { name: 'Web Development', level: 'Master', keywords: ['HTML', 'CSS', 'JavaScript'] },
    'Kubernetes',
  ],
  meta: { canonical: 'https://example.com' },
  favoriteColor: 'green',
};

describe('parseJsonResumeJobs', () => {
  it('maps every field of the JSON Resume job schema and ignores unknown ones', async () => {
    const [item] = await collect(JSON.stringify(fullJob));
    expect(item).toEqual({
      ok: true,
      index: 0,
      posting: expect.objectContaining({
        title: 'Web Developer',
        company: 'Microsoft',
        employmentType: 'FULL_TIME',
        postedAt: new Date('2017-12-29'),
        description: 'Bring to the table win-win survival strategies.',
        location: {
          address: '2712 Broadway St',
          postalCode: 'CA 94115',
          city: 'San Francisco',
          countryCode: 'US',
          region: 'California',
        },
        remote: 'FULL',
        salary: '100000',
        experience: 'Senior or Lead',
        responsibilities: ['Build the web', 'Review code'],
        qualifications: ['5+ years of JavaScript'],
        skills: [
          { name: 'Web Development', level: 'Master', keywords: ['HTML', 'CSS', 'JavaScript'] },
          { name: 'Kubernetes', level: null, keywords: [] },
        ],
      }),
    });
    expect(item.ok && Object.keys(item.posting)).not.toContain('favoriteColor');
  });

  it('streams an array, rejecting items without a title or that are not objects, with their index', async () => {
    const feed = [
      fullJob,
      { company: 'No title' },
      42,
      { ...fullJob, title: 'Second', remote: 'Hybrid', type: 'contract' },
    ];
    const items = await collect(JSON.stringify(feed));
    expect(
      items.map((i) =>
        i.ok ? `ok:${i.posting.title}:${i.posting.remote}:${i.posting.employmentType}` : `no:${i.reason}`,
      ),
    ).toEqual([
      'ok:Web Developer:FULL:FULL_TIME',
      'no:item 1 has no title',
      'no:item 2 is not a JSON object',
      'ok:Second:HYBRID:CONTRACT',
    ]);
  });

  it('reads concatenated / newline-delimited objects, with a byte-order mark and leading whitespace', async () => {
    const items = await collect(
      `\uFEFF \n${JSON.stringify(fullJob)}\n${JSON.stringify({ title: 'B', remote: 'None' })}\n`,
    );
    expect(items.map((i) => i.ok && i.posting.title)).toEqual(['Web Developer', 'B']);
  });

  it('streams a 100k-item array from chunks without holding the whole feed', async () => {
    const total = 100_000;
    let produced = 0;
    async function* chunks() {
      yield '[';
      for (let i = 0; i < total; i++) {
        produced++;
        yield `${i ? ',' : ''}{"title":"Job ${i}","company":"C","remote":"None","x":{"nested":[1,2,3]}}`;
      }
      yield ']';
    }
    let count = 0;
    let last = '';
    // How far the producer ran ahead of the parsed items: bounded when the feed is streamed, the
    // whole feed when it is read first. (Memory itself is measured in the bench, not here.)
    let maxLead = 0;
    for await (const item of parseJsonResumeJobs(Readable.from(chunks()))) {
      count++;
      maxLead = Math.max(maxLead, produced - count);
      if (item.ok) last = item.posting.title;
    }
    expect(count).toBe(total);
    expect(last).toBe(`Job ${total - 1}`);
    expect(maxLead).toBeLessThan(5_000);
  }, 120_000);

  it('stops a feed over maxBytes with a coded FEED_TOO_LARGE', async () => {
    async function* big() {
      yield '[';
      for (let i = 0; i < 10_000; i++) yield `${i ? ',' : ''}{"title":"${'x'.repeat(5000)}"}`;
      yield ']';
    }
    expect(await reasonOf(collect(Readable.from(big()), { maxBytes: 1_000_000 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'FEED_TOO_LARGE',
    });
  });

  it('turns malformed JSON into a coded error that says how far it got', async () => {
    const broken = `[${JSON.stringify(fullJob)}, {"title": "x",,}]`;
    const items: ParsedItem[] = [];
    let failure: unknown;
    try {
      for await (const item of parseJsonResumeJobs(broken)) items.push(item);
    } catch (error) {
      failure = error;
    }
    // Items decoded before the error may already have been handed out; the error says how many.
    expect(items.length).toBeLessThanOrEqual(1);
    expect((failure as { extensions: unknown }).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MALFORMED_JSON',
      itemsRead: items.length,
    });
    expect(await reasonOf(collect('title: not json'))).toMatchObject({ reason: 'MALFORMED_JSON' });
    expect(await reasonOf(collect('   '))).toMatchObject({ reason: 'EMPTY_FEED' });
    expect(await reasonOf(collect('[{"title": "unterminated"'))).toMatchObject({ reason: 'MALFORMED_JSON' });
  });

  it('converts an HTML description to markdown', async () => {
    const [item] = await collect(
      JSON.stringify({ title: 'T', description: '<p>We <strong>ship</strong></p><ul><li>Go</li></ul>' }),
    );
    expect(item.ok && item.posting.description).toBe('We **ship**\n\n-   Go');
  });
});
