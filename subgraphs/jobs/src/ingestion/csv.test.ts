import { parseCsvJobs } from './csv.js';
import type { ParsedItem } from './posting.js';

async function collect(source: string) {
  const items: ParsedItem[] = [];
  for await (const item of parseCsvJobs(source)) items.push(item);
  return items;
}

async function failure(source: string) {
  try {
    await collect(source);
    return null;
  } catch (error) {
    return (error as { extensions?: unknown }).extensions;
  }
}

const feed = [
  '\uFEFFJob Title,Employer,Location,Salary,URL,Description,Date Posted,Job ID,Remote,Employment Type,Skills,Favourite Colour',
  'Backend Engineer,"Acme, Inc.","Berlin, Germany","€60k - €75k",https://acme.example/jobs/1,"Line one, with a comma',
  'Line two ""quoted""",2024-05-01,A-1,hybrid,Full-time,"Go, PostgreSQL, k8s",blue',
  ',No Title Corp,Paris,,,,,,,,,',
  'Data Analyst,Beta,"Austin, TX, US",$50/hr,,Plain,2024-05-02,B-2,,contract,,',
  'Too,Few,Columns',
  'Designer,Gamma,Remote,,,,,,,,,',
].join('\r\n');

describe('parseCsvJobs', () => {
  it('maps loose header names, quoted commas and newlines, and ignores unknown columns', async () => {
    const items = await collect(feed);
    expect(items[0]).toEqual({
      ok: true,
      index: 0,
      posting: expect.objectContaining({
        title: 'Backend Engineer',
        company: 'Acme, Inc.',
        location: { city: 'Berlin', region: null, countryCode: 'DE' },
        salary: '€60k - €75k',
        sourceUrl: 'https://acme.example/jobs/1',
        description: 'Line one, with a comma\nLine two "quoted"',
        postedAt: new Date('2024-05-01'),
        externalId: 'A-1',
        remote: 'HYBRID',
        employmentType: 'FULL_TIME',
        skills: [
          { name: 'Go', level: null, keywords: [] },
          { name: 'PostgreSQL', level: null, keywords: [] },
          { name: 'k8s', level: null, keywords: [] },
        ],
      }),
    });
    expect(items[2]).toMatchObject({
      ok: true,
      posting: {
        title: 'Data Analyst',
        location: { city: 'Austin', region: 'TX', countryCode: 'US' },
        employmentType: 'CONTRACT',
      },
    });
    expect(items[4]).toMatchObject({
      ok: true,
      posting: { title: 'Designer', remote: 'FULL', location: null },
    });
  });

  it('rejects rows without a title or with the wrong number of columns, in feed order, with a reason', async () => {
    const rejected = (await collect(feed)).filter((i) => !i.ok);
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatchObject({ reason: expect.stringContaining('has no title') });
    expect(rejected[1]).toMatchObject({ reason: 'row 4 has 3 columns, the header has 12' });
  });

  it('refuses a header without a title column, an empty feed, and an unclosed quote with coded errors', async () => {
    expect(await failure('Company,Location\nAcme,Berlin\n')).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'CSV_NO_TITLE_COLUMN',
    });
    expect(await failure('')).toMatchObject({ reason: 'EMPTY_FEED' });
    expect(await failure('title,company\n"Unclosed,Acme\nNext,Row\n')).toMatchObject({
      reason: 'MALFORMED_CSV',
    });
  });

  it('streams many rows', async () => {
    async function* rows() {
      yield 'title,company\n';
      for (let i = 0; i < 20_000; i++) yield `Job ${i},"Co, ${i}"\n`;
    }
    let count = 0;
    for await (const item of parseCsvJobs(rows())) if (item.ok) count++;
    expect(count).toBe(20_000);
  });

  it('drops control characters from fields: a title of nothing else is no title', async () => {
    const items = await collect('title,company\n\u0001\u0002,\u001b[31m\nDev\u0000Ops,Acme\u0007\n');
    expect(items[0]).toEqual({ ok: false, index: 0, reason: 'row 1 has no title' });
    expect(items[1]).toEqual(
      expect.objectContaining({
        ok: true,
        posting: expect.objectContaining({ title: 'DevOps', company: 'Acme' }),
      }),
    );
  });
});
