import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchJobPostingPage, parseJobPostingHtml } from './html.js';
import { dedupeKey } from './dedupe.js';

const posting = {
  '@context': 'https://schema.org/',
  '@type': 'JobPosting',
  title: 'Senior Platform Engineer',
  description:
    '&lt;p&gt;Run &lt;b&gt;Kubernetes&lt;/b&gt; at scale.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;On-call&lt;/li&gt;&lt;/ul&gt;',
  identifier: { '@type': 'PropertyValue', name: 'Acme', value: 'ENG-42' },
  datePosted: '2024-06-01',
  validThrough: '2024-08-01T00:00',
  employmentType: ['FULL_TIME', 'CONTRACTOR'],
  hiringOrganization: { '@type': 'Organization', name: 'Acme Corp', sameAs: 'https://acme.example' },
  jobLocation: {
    '@type': 'Place',
    address: {
      '@type': 'PostalAddress',
      streetAddress: '1 Main St',
      addressLocality: 'Zürich',
      addressRegion: 'ZH',
      postalCode: '8001',
      addressCountry: 'CH',
    },
  },
  baseSalary: {
    '@type': 'MonetaryAmount',
    currency: 'CHF',
    value: { '@type': 'QuantitativeValue', minValue: 120000, maxValue: 150000, unitText: 'YEAR' },
  },
  skills: 'Kubernetes, Terraform',
  experienceRequirements: { '@type': 'OccupationalExperienceRequirements', monthsOfExperience: 60 },
};

const page = (...scripts: string[]) =>
  `<!doctype html><html><head><title>Job</title>${scripts.map((s) => `<script type="application/ld+json">${s}</script>`).join('')}</head><body><h1>Broken <div></body>`;

describe('parseJobPostingHtml', () => {
  it('reads a JobPosting with its organization, address, salary, identifier and escaped HTML description', () => {
    const html = page(JSON.stringify(posting));
    const [item] = parseJobPostingHtml(html, { sourceUrl: 'https://acme.example/jobs/42' });
    expect(item).toEqual({
      ok: true,
      index: 0,
      posting: expect.objectContaining({
        title: 'Senior Platform Engineer',
        company: 'Acme Corp',
        location: {
          city: 'Zürich',
          region: 'ZH',
          countryCode: 'CH',
          postalCode: '8001',
          address: '1 Main St',
        },
        remote: 'NONE',
        employmentType: 'FULL_TIME',
        description: 'Run **Kubernetes** at scale.\n\n-   On-call',
        salary: posting.baseSalary,
        postedAt: new Date('2024-06-01'),
        validThrough: new Date('2024-08-01T00:00'),
        externalId: 'ENG-42',
        sourceUrl: 'https://acme.example/jobs/42',
        experience: '60 months',
        rawHtml: html,
      }),
    });
  });

  it('finds postings in @graph, in arrays and across several scripts; TELECOMMUTE means fully remote', () => {
    const graph = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [{ '@type': 'WebPage' }, { ...posting, title: 'In graph' }],
    });
    const list = JSON.stringify([
      { '@type': 'Organization', name: 'x' },
      { ...posting, title: 'Remote one', jobLocationType: 'TELECOMMUTE', jobLocation: undefined },
    ]);
    const items = parseJobPostingHtml(page(graph, '{ not json', list));
    expect(items.map((i) => i.ok && [i.posting.title, i.posting.remote])).toEqual([
      ['In graph', 'NONE'],
      ['Remote one', 'FULL'],
    ]);
  });

  it('gives postings that share the page URL other dedupe keys than the URL', () => {
    const page = `<script type="application/ld+json">${JSON.stringify([
      { '@type': 'JobPosting', title: 'A', description: 'a' },
      { '@type': 'JobPosting', title: 'B', description: 'b' },
      { '@type': 'JobPosting', title: 'C', url: 'https://x.example/c' },
    ])}</script>`;
    const postings = parseJobPostingHtml(page, { sourceUrl: 'https://x.example/list' }).map(
      (item) => (item.ok ? item.posting : null)!,
    );
    expect(postings.map((p) => [p.sourceUrl, p.sharesPageUrl ?? false])).toEqual([
      ['https://x.example/list', true],
      ['https://x.example/list', true],
      ['https://x.example/c', false],
    ]);
    const keys = postings.map((p) => dedupeKey({ source: 's', ...p }));
    expect(keys.map((k) => k.kind)).toEqual(['content', 'content', 'url']);
    expect(new Set(keys.map((k) => k.hash)).size).toBe(3);
    // One posting alone on its page keeps the page URL as its key.
    const [single] = parseJobPostingHtml(
      `<script type="application/ld+json">${JSON.stringify({ '@type': 'JobPosting', title: 'A' })}</script>`,
      { sourceUrl: 'https://x.example/one' },
    );
    expect(single.ok && dedupeKey({ source: 's', ...single.posting }).kind).toBe('url');
  });

  it('rejects pages without JobPosting JSON-LD with a reason', () => {
    expect(parseJobPostingHtml('<html><body>Hello</body></html>')).toEqual([
      { ok: false, index: 0, reason: 'the page has no JSON-LD (application/ld+json) script' },
    ]);
    expect(
      parseJobPostingHtml(
        page('{"@type": "JobPosting", "title": ', JSON.stringify({ '@type': 'Organization' })),
      )[0],
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no schema.org JobPosting.*script #1 is not valid JSON/),
    });
    expect(parseJobPostingHtml(page(JSON.stringify({ ...posting, title: '  ' })))[0]).toMatchObject({
      ok: false,
      reason: 'JobPosting #1 has no title',
    });
  });
});

describe('fetchJobPostingPage', () => {
  let server: http.Server;
  let origin: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/job') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page(JSON.stringify(posting)));
      } else if (req.url === '/file.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end('%PDF');
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const allow = () => ({ allowHosts: [origin.replace('http://', '')] });

  it('fetches and parses a page through the SSRF guard', async () => {
    const [item] = await fetchJobPostingPage(`${origin}/job`, allow());
    expect(item).toMatchObject({
      ok: true,
      posting: { title: 'Senior Platform Engineer', sourceUrl: `${origin}/job` },
    });
  });

  it('turns a non-HTML answer, a 404 and a private address into rejections with reasons', async () => {
    expect((await fetchJobPostingPage(`${origin}/file.pdf`, allow()))[0]).toMatchObject({
      ok: false,
      reason: expect.stringContaining('application/pdf, expected text/html'),
    });
    expect((await fetchJobPostingPage(`${origin}/missing`, allow()))[0]).toMatchObject({
      ok: false,
      reason: expect.stringContaining('HTTP 404'),
    });
    expect((await fetchJobPostingPage(`${origin}/job`))[0]).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a public address'),
    });
  });
});
