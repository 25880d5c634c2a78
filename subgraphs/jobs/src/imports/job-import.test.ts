import 'reflect-metadata';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { EventEnvelope } from '@hiregraph/platform/events/envelope';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, type TestSubgraph, startTestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { jobsSubgraph } from '../subgraph.js';
import { urlHash } from '../ingestion/dedupe.js';
import type { JobsServices } from '../services.js';
import { JobImportFormat } from './job-import.entity.js';
import { JobImportService } from './job-import.service.js';
import { rawHtmlKey } from './import-worker.js';
import { failLostImports, startImportSweeper } from './import-lease.js';
import { PROGRESS_INTERVAL_MS } from './import-progress.js';
import { reserveCrawlSlot } from '../ingestion/crawler.js';

const CLI = fileURLToPath(new URL('../../dist/imports/import-cli.js', import.meta.url));
const IMPORT = `mutation ($input: ImportJobsInput!) { importJobs(input: $input) { id status format source } }`;
const STATUS = `query ($id: ID!) { jobImport(id: $id) {
  id status format source error createdAt finishedAt
  counts { received new updated duplicate rejected closed } rejections { index reason } } }`;
const JOBS = `query ($source: String!) { searchJobs(filter: { source: $source, isActive: true, includeUnknownSalary: true }, first: 100) {
  totalCount nodes { id title company source externalId sourceUrl urlHash hasRawHtml isActive remote
    location { city region countryCode } salary { min max currency period yearlyUsdMin yearlyUsdMax yearlyUsd }
    requirements { years requiredSkills preferredSkills } skillsTaxonomyVersion description } } }`;

const jobPage = (title: string, url: string, extra: Record<string, unknown> = {}) => `<!doctype html>
<html><head><title>${title}</title>
<script type="application/ld+json">${JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'JobPosting',
  title,
  url,
  description: '<p>Build services in <b>TypeScript</b> on Kubernetes. 5+ years of experience.</p>',
  hiringOrganization: { '@type': 'Organization', name: 'Page Co' },
  jobLocation: { '@type': 'Place', address: { addressLocality: 'Berlin', addressCountry: 'DE' } },
  baseSalary: {
    '@type': 'MonetaryAmount',
    currency: 'EUR',
    value: { '@type': 'QuantitativeValue', minValue: 60000, maxValue: 80000, unitText: 'YEAR' },
  },
  datePosted: '2026-11-01',
  ...extra,
})}</script></head><body><h1>${title}</h1></body></html>`;

describe('job imports', () => {
  let jobs: TestSubgraph;
  let tokens: TestTokenIssuer;
  let site: Server;
  let siteUrl: string;
  let otherPort: number;
  let other: Server;
  const hits: { path: string; at: number }[] = [];
  const closedEvents: EventEnvelope<'job.closed'>[] = [];
  const progressEvents: EventEnvelope<'job_import.progress'>[] = [];
  const upsertedEvents: EventEnvelope<'job.upserted'>[] = [];

  beforeAll(async () => {
    other = createServer((_req, res) => res.end(jobPage('Internal', 'http://internal/')));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherPort = (other.address() as AddressInfo).port;
    site = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.push({ path, at: Date.now() });
      if (path === '/robots.txt') {
        res.setHeader('content-type', 'text/plain');
        return res.end('User-agent: *\nDisallow: /private\nCrawl-delay: 1\n');
      }
      if (path.startsWith('/job/')) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return res.end(jobPage(`Crawled ${path}`, `${siteUrl}${path}`));
      }
      if (path.startsWith('/private')) return res.end(jobPage('Secret', `${siteUrl}${path}`));
      if (path.startsWith('/data.json')) {
        res.setHeader('content-type', 'application/json');
        return res.end('[]');
      }
      if (path.startsWith('/three.json')) {
        res.setHeader('content-type', 'application/json');
        const tag = new URL(path, siteUrl).searchParams.get('tag');
        return res.end(
          JSON.stringify(
            [0, 1, 2].map((n) => ({
              title: `Feed ${n}`,
              company: 'F',
              url: `https://f.example/${tag}/${n}`,
            })),
          ),
        );
      }
      if (path.startsWith('/moved/')) {
        // Into a part of the site robots.txt disallows.
        res.writeHead(302, { location: path.replace('/moved/', '/private/') });
        return res.end();
      }
      if (path.startsWith('/canonical/')) {
        // The JSON-LD names the posting's own (canonical) URL, not this page's.
        res.setHeader('content-type', 'text/html; charset=utf-8');
        const id = path.slice('/canonical/'.length).replace(/[?&=]/g, '-');
        return res.end(jobPage(`Canonical ${id}`, `https://careers.example/postings/${id}`));
      }
      if (path.startsWith('/multi')) {
        // Three postings on one page, none with a url of its own.
        res.setHeader('content-type', 'text/html; charset=utf-8');
        const postings = ['Backend', 'Frontend', 'Data'].map((title) => ({
          '@type': 'JobPosting',
          title: `${title} engineer`,
          description: `${title} work`,
          hiringOrganization: { '@type': 'Organization', name: 'Multi Co' },
        }));
        return res.end(
          `<html><head><script type="application/ld+json">${JSON.stringify({
            '@context': 'https://schema.org',
            '@graph': postings,
          })}</script></head><body></body></html>`,
        );
      }
      if (path.startsWith('/redirect')) {
        res.writeHead(302, { location: `http://127.0.0.1:${otherPort}/job` });
        return res.end();
      }
      if (path.startsWith('/slow.json')) {
        // 2,000 items in 4 chunks, 300 ms apart: the import reads (and stores) for over a second.
        res.setHeader('content-type', 'application/json');
        const chunk = (n: number) =>
          Array.from({ length: 500 }, (_, i) =>
            JSON.stringify({ title: `Slow ${n * 500 + i}`, company: 'S' }),
          );
        const body = Readable.from(
          (async function* () {
            for (let n = 0; n < 4; n++) {
              if (n > 0) await new Promise((resolve) => setTimeout(resolve, 300));
              yield (n === 0 ? '[' : ',') + chunk(n).join(',');
            }
            yield ']';
          })(),
        );
        return body.pipe(res);
      }
      if (path === '/big.json') {
        // 50 MB of valid JSON Resume items, streamed.
        res.setHeader('content-type', 'application/json');
        const item = JSON.stringify({ title: 'Big', company: 'B', description: 'x'.repeat(5_000) });
        let sent = 0;
        const body = Readable.from(
          (function* () {
            yield '[';
            while (sent < 50 * 1024 * 1024) {
              sent += item.length + 1;
              yield (sent > item.length + 1 ? ',' : '') + item;
            }
            yield ']';
          })(),
        );
        return body.pipe(res);
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    tokens = await startTestTokenIssuer();
    jobs = await startTestSubgraph(jobsSubgraph, {
      env: {
        AUTH_JWKS_URL: tokens.jwksUrl,
        // Only the test site: a redirect to another local port is still refused.
        CRAWLER_ALLOW_HOSTS: new URL(siteUrl).host,
        CRAWLER_MIN_DELAY_MS: '0',
        INGEST_MAX_FEED_BYTES: String(20 * 1024 * 1024),
      },
    });
    await jobs.subgraph.runtime.bus.subscribe('job.closed', 'test_closed', async (event) => {
      closedEvents.push(event as EventEnvelope<'job.closed'>);
    });
    await jobs.subgraph.runtime.bus.subscribe('job_import.progress', 'test_progress', async (event) => {
      progressEvents.push(event as EventEnvelope<'job_import.progress'>);
    });
    // Subscribed like matching's job consumer: what reaches it reaches matching.
    await jobs.subgraph.runtime.bus.subscribe('job.upserted', 'test_upserted', async (event) => {
      upsertedEvents.push(event as EventEnvelope<'job.upserted'>);
    });
  }, 60_000);
  afterAll(async () => {
    await jobs.stop();
    await tokens.close();
    site.closeAllConnections();
    site.close();
    other.closeAllConnections();
    other.close();
  });

  const recruiter = randomUUID();
  const auth = async (userId = recruiter, role: 'USER' | 'RECRUITER' | 'ADMIN' = 'RECRUITER') =>
    bearer(await tokens.token({ userId, role }));
  const start = async (input: Record<string, unknown>) => {
    const res = await jobs.query(IMPORT, { input }, await auth());
    if (!res.data?.importJobs) throw new Error(JSON.stringify(res.errors));
    return res.data.importJobs.id as string;
  };
  const finished = async (id: string) =>
    eventually(async () => {
      const res = await jobs.query(STATUS, { id }, await auth());
      const status = res.data?.jobImport;
      return status && ['COMPLETED', 'FAILED'].includes(status.status) ? status : undefined;
    }, 60_000);
  const imported = async (input: Record<string, unknown>) => finished(await start(input));
  const listed = async (source: string) =>
    (await jobs.query(JOBS, { source })).data.searchJobs as { totalCount: number; nodes: any[] };
  const rows = async (source: string) =>
    jobs
      .em()
      .execute<{ id: string; is_active: boolean; title: string; content_hash: string }[]>(
        'select id, is_active, title, content_hash from jobs where source = ? order by title',
        [source],
      );

  it('imports a JSON Resume job array, ignoring extra fields, with skills, salary and location', async () => {
    const source = `jr-${randomUUID()}`;
    const data = JSON.stringify([
      {
        title: 'Senior Backend Engineer',
        company: 'Acme',
        type: 'Full-time',
        date: '2026-10-01',
        description: 'Our API runs on Postgres and k8s.',
        location: { city: 'Austin', region: 'TX', countryCode: 'US' },
        remote: 'Hybrid',
        salary: '$150k-$180k',
        experience: '5+ years',
        responsibilities: ['Own services'],
        qualifications: ['BS in CS'],
        skills: [{ name: 'Node.js', level: 'Expert', keywords: ['TypeScript'] }],
        favouriteColour: 'blue',
        meta: { anything: [1, 2, 3] },
      },
      {
        title: 'Data Analyst',
        company: 'Beta',
        description: 'SQL and Excel',
        url: 'https://beta.example/jobs/1',
      },
      { company: 'No title' },
    ]);
    const status = await imported({ format: 'JSON_RESUME', source, data });
    expect(status).toMatchObject({
      status: 'COMPLETED',
      error: null,
      counts: { received: 3, new: 2, updated: 0, duplicate: 0, rejected: 1 },
      rejections: [{ index: 2 }],
    });
    expect(status.finishedAt).toBeTruthy();
    const { totalCount, nodes } = await listed(source);
    expect(totalCount).toBe(2);
    const senior = nodes.find((job) => job.title === 'Senior Backend Engineer');
    expect(senior).toMatchObject({
      company: 'Acme',
      source,
      remote: 'HYBRID',
      hasRawHtml: false,
      location: { city: 'Austin', region: 'TX', countryCode: 'US' },
      salary: {
        min: 150_000,
        max: 180_000,
        currency: 'USD',
        yearlyUsdMin: 150_000,
        yearlyUsdMax: 180_000,
        yearlyUsd: 180_000,
      },
      requirements: { years: 5 },
      skillsTaxonomyVersion: expect.any(Number),
    });
    expect(senior.requirements.requiredSkills).toEqual(
      expect.arrayContaining(['nodejs', 'typescript', 'postgresql', 'kubernetes']),
    );
    const analyst = nodes.find((job) => job.title === 'Data Analyst');
    expect(analyst.urlHash).toBe(urlHash('https://beta.example/jobs/1'));
  });

  it('imports CSV with quoted commas and newlines', async () => {
    const source = `csv-${randomUUID()}`;
    const data = [
      'title,company,location,salary,description,external_id',
      '"Engineer, Platform","Acme, Inc.","Berlin, Germany","€60k","Line one,\nline two with ""quotes""",A-1',
      'Designer,Beta,Remote,,Figma,A-2',
    ].join('\n');
    const status = await imported({ format: 'CSV', source, data });
    expect(status).toMatchObject({ status: 'COMPLETED', counts: { received: 2, new: 2, rejected: 0 } });
    const { nodes } = await listed(source);
    const engineer = nodes.find((job) => job.externalId === 'A-1');
    expect(engineer).toMatchObject({
      title: 'Engineer, Platform',
      company: 'Acme, Inc.',
      location: { city: 'Berlin', countryCode: 'DE' },
      salary: { min: 60_000, currency: 'EUR' },
    });
    expect(engineer.description).toBe('Line one,\nline two with "quotes"');
  });

  it('imports an HTML page with JSON-LD and keeps the raw page in S3', async () => {
    const source = `html-${randomUUID()}`;
    const url = `https://careers.example/jobs/${randomUUID()}`;
    const status = await imported({
      format: 'HTML',
      source,
      data: jobPage('Site Reliability Engineer', url),
    });
    expect(status).toMatchObject({ status: 'COMPLETED', counts: { received: 1, new: 1 } });
    const [job] = (await listed(source)).nodes;
    expect(job).toMatchObject({
      title: 'Site Reliability Engineer',
      company: 'Page Co',
      hasRawHtml: true,
      sourceUrl: url,
      location: { city: 'Berlin', countryCode: 'DE' },
      salary: { min: 60_000, max: 80_000, currency: 'EUR', period: 'YEAR' },
    });
    const { storage, config } = jobs.subgraph.runtime;
    const object = await storage.getObject(config.S3_BUCKET, rawHtmlKey(urlHash(url)!));
    let html = '';
    for await (const chunk of object) html += chunk;
    expect(html).toContain('Site Reliability Engineer');
  });

  it('dedupes: the same feed again is all duplicates, a changed posting updates in place', async () => {
    const source = `dedupe-${randomUUID()}`;
    const feed = (salary: string) =>
      JSON.stringify([
        { title: 'Go Developer', company: 'A', url: `https://a.example/${source}/1`, salary },
        { title: 'Rust Developer', company: 'A', url: `https://a.example/${source}/2` },
      ]);
    expect((await imported({ format: 'JSON_RESUME', source, data: feed('$100k') })).counts).toMatchObject({
      new: 2,
      duplicate: 0,
    });
    const before = await rows(source);
    expect((await imported({ format: 'JSON_RESUME', source, data: feed('$100k') })).counts).toMatchObject({
      received: 2,
      new: 0,
      updated: 0,
      duplicate: 2,
    });
    // Gone from Redis (24 h key expired or flushed): the database still tells unchanged content apart.
    const { redis } = jobs.subgraph.runtime;
    const keys = await redis.keys(`${jobs.ns.env.REDIS_KEY_PREFIX}dedup:url:*`);
    await redis.del(...keys.map((key) => key.slice(jobs.ns.env.REDIS_KEY_PREFIX.length)));
    expect((await imported({ format: 'JSON_RESUME', source, data: feed('$100k') })).counts).toMatchObject({
      new: 0,
      updated: 0,
      duplicate: 2,
    });
    const changed = await imported({ format: 'JSON_RESUME', source, data: feed('$120k') });
    expect(changed.counts).toMatchObject({ new: 0, updated: 1, duplicate: 1 });
    const after = await rows(source);
    expect(after.map((row) => row.id)).toEqual(before.map((row) => row.id));
    const { nodes } = await listed(source);
    expect(nodes.find((job) => job.title === 'Go Developer').salary.max).toBe(120_000);
  });

  it('closes postings absent from a complete re-crawled feed (job.closed EXPIRED), not from a partial one', async () => {
    const source = `close-${randomUUID()}`;
    const item = (n: number) => ({
      title: `Role ${n}`,
      company: 'C',
      url: `https://c.example/${source}/${n}`,
    });
    await imported({ format: 'JSON_RESUME', source, data: JSON.stringify([item(1), item(2), item(3)]) });
    const partial = await imported({
      format: 'JSON_RESUME',
      source,
      fullFeed: false,
      data: JSON.stringify([item(1)]),
    });
    expect(partial.counts.closed).toBe(0);
    expect((await rows(source)).every((row) => row.is_active)).toBe(true);
    const full = await imported({ format: 'JSON_RESUME', source, data: JSON.stringify([item(1), item(3)]) });
    expect(full.counts).toMatchObject({ duplicate: 2, closed: 1 });
    const stored = await rows(source);
    expect(stored.map((row) => [row.title, row.is_active])).toEqual([
      ['Role 1', true],
      ['Role 2', false],
      ['Role 3', true],
    ]);
    const closedId = stored[1].id;
    await eventually(async () =>
      closedEvents.find((event) => event.data.jobId === closedId && event.data.reason === 'EXPIRED'),
    );
    // It comes back when the feed lists it again.
    const back = await imported({
      format: 'JSON_RESUME',
      source,
      data: JSON.stringify([item(1), item(2), item(3)]),
    });
    expect(back.counts).toMatchObject({ updated: 1, closed: 0 });
  });

  it('fails malformed JSON and CSV with a coded reason, keeping only whole items; rejects HTML without JSON-LD', async () => {
    const source = `bad-${randomUUID()}`;
    const json = await imported({
      format: 'JSON_RESUME',
      source,
      data: '[{"title":"Whole","company":"A"}, {"title": "Cut',
    });
    expect(json.status).toBe('FAILED');
    expect(json.error).toMatch(/^MALFORMED_JSON/);
    expect(json.counts).toMatchObject({ received: 1, new: 1 });
    expect((await rows(source)).map((row) => row.title)).toEqual(['Whole']);

    const csv = await imported({ format: 'CSV', source: `${source}-csv`, data: 'company,location\nA,B' });
    expect(csv).toMatchObject({ status: 'FAILED', counts: { received: 0 } });
    expect(csv.error).toMatch(/^CSV_NO_TITLE_COLUMN/);
    const broken = await imported({
      format: 'CSV',
      source: `${source}-csv2`,
      data: 'title,company\n"Open quote,A\n',
    });
    expect(broken.status).toBe('FAILED');
    expect(broken.error).toMatch(/^MALFORMED_CSV/);
    expect(await rows(`${source}-csv2`)).toEqual([]);
    // A full feed that failed closes nothing.
    expect(json.counts.closed).toBe(0);

    const html = await imported({
      format: 'HTML',
      source: `${source}-html`,
      data: '<html><body><p>Hi</body>',
    });
    expect(html).toMatchObject({ status: 'COMPLETED', counts: { received: 1, rejected: 1, new: 0 } });
    expect(html.rejections[0].reason).toMatch(/no JSON-LD/);
  });

  it('emits job_import.progress as the counts move, spaced out, in order, the last one done', async () => {
    const source = `slow-${randomUUID()}`;
    const id = await start({ format: 'JSON_RESUME', source, url: `${siteUrl}/slow.json` });
    const status = await finished(id);
    expect(status).toMatchObject({ status: 'COMPLETED', counts: { received: 2000, new: 2000 } });
    const ofImport = () => progressEvents.filter((event) => event.data.importId === id);
    await eventually(async () => ofImport().some((event) => event.data.done));
    const events = ofImport();
    const last = events[events.length - 1];
    expect(last.data).toEqual({
      importId: id,
      createdById: recruiter,
      source,
      status: 'COMPLETED',
      counts: status.counts,
      done: true,
      error: null,
    });
    expect(events.filter((event) => event.data.done)).toHaveLength(1);
    // The first says it runs; more came while it read; every count only grows, event after event.
    expect(events[0].data).toMatchObject({ status: 'RUNNING', done: false, counts: { received: 0 } });
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const [index, event] of events.entries()) {
      if (index === 0) continue;
      const before = events[index - 1].data.counts;
      for (const key of Object.keys(before) as (keyof typeof before)[])
        expect(event.data.counts[key]).toBeGreaterThanOrEqual(before[key]);
      // Running imports report at most every PROGRESS_INTERVAL_MS (the last one always); the margin
      // is for the moment between the database clock and the event time under load.
      if (!event.data.done) {
        const gap = Date.parse(event.occurredAt) - Date.parse(events[index - 1].occurredAt);
        expect(gap).toBeGreaterThanOrEqual(PROGRESS_INTERVAL_MS / 2);
      }
    }

    // A failed import ends with done and its reason too.
    const failedId = await start({ format: 'JSON_RESUME', source: `${source}-bad`, data: '[{"title": "Cut' });
    await finished(failedId);
    await eventually(async () =>
      progressEvents.some((event) => event.data.importId === failedId && event.data.done),
    );
    const failed = progressEvents.filter((event) => event.data.importId === failedId);
    expect(failed[failed.length - 1].data).toMatchObject({ status: 'FAILED', done: true });
    expect(failed[failed.length - 1].data.error).toMatch(/^MALFORMED_JSON/);
  }, 60_000);

  it('refuses bad input with coded errors and only lets recruiters and admins import', async () => {
    const base = { format: 'CSV', source: 'x', data: 'title\nA' };
    const code = async (input: Record<string, unknown>, headers?: Record<string, string>) =>
      (await jobs.query(IMPORT, { input }, headers ?? (await auth()))).errors?.[0].extensions;
    expect(await code({ ...base, url: 'https://a.example/feed.csv' })).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await code({ format: 'CSV', source: 'x' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'data',
    });
    expect(await code({ ...base, data: undefined, url: 'ftp://a.example/x' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'url',
    });
    expect(await code({ ...base, source: '' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'source' });
    expect(await code(base, {})).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await code(base, await auth(randomUUID(), 'USER'))).toMatchObject({ code: 'FORBIDDEN' });
    const id = await start({ ...base, source: `own-${randomUUID()}` });
    const read = async (headers: Record<string, string>) => await jobs.query(STATUS, { id }, headers);
    expect((await read(await auth(randomUUID(), 'RECRUITER'))).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await read(await auth(randomUUID(), 'ADMIN'))).data.jobImport.id).toBe(id);
  });

  it("refuses another recruiter's source with FORBIDDEN: the first importer's postings stay open and unchanged", async () => {
    const source = `owned-${randomUUID()}`;
    const item = (n: number, title = `Owned ${n}`) => ({
      title,
      company: 'O',
      url: `https://o.example/${source}/${n}`,
    });
    const first = await imported({ format: 'JSON_RESUME', source, data: JSON.stringify([item(1), item(2)]) });
    expect(first).toMatchObject({ status: 'COMPLETED', counts: { new: 2 } });
    const before = await rows(source);
    // A full feed under the same name would close posting 2 and overwrite posting 1.
    const intruder = await auth(randomUUID(), 'RECRUITER');
    const takeover = await jobs.query(
      IMPORT,
      { input: { format: 'JSON_RESUME', source, data: JSON.stringify([item(1, 'Taken over')]) } },
      intruder,
    );
    expect(takeover.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(takeover.data?.importJobs ?? null).toBeNull();
    const [{ count }] = await jobs
      .em()
      .execute<{ count: string }[]>('select count(*) as count from job_imports where source = ?', [source]);
    expect(Number(count)).toBe(1);
    // The platform's own source is the operator's too.
    const posted = await jobs.query(
      IMPORT,
      { input: { format: 'CSV', source: 'hiregraph', data: 'title\nA' } },
      await auth(),
    );
    expect(posted.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Its owner still imports into it; an admin may too.
    expect(
      (await imported({ format: 'JSON_RESUME', source, fullFeed: false, data: JSON.stringify([item(1)]) }))
        .status,
    ).toBe('COMPLETED');
    const adminAuth = await auth(randomUUID(), 'ADMIN');
    const admin = await jobs.query(
      IMPORT,
      { input: { format: 'JSON_RESUME', source, fullFeed: false, data: JSON.stringify([item(1)]) } },
      adminAuth,
    );
    expect(admin.data?.importJobs?.id).toBeTruthy();
    await eventually(async () => {
      const res = await jobs.query(STATUS, { id: admin.data.importJobs.id }, adminAuth);
      return res.data?.jobImport?.status === 'COMPLETED' || undefined;
    });
    const after = await rows(source);
    expect(after).toEqual(before);
    expect(after.every((row) => row.is_active)).toBe(true);
  });

  it('rejects a posting too large for one event (a 600 KB CSV cell); a postJob after it is published', async () => {
    const source = `huge-${randomUUID()}`;
    // One huge cell: 600 KB of skills in the CSV, 2.6 MB as a job.found (each skill an object);
    // NATS takes 1 MiB.
    const cell = `"${'typescript;'.repeat(55_000)}"`;
    const data = ['title,company,skills', 'Before,H,', `Huge,H,${cell}`, 'After,H,'].join('\n');
    expect(Buffer.byteLength(data)).toBeGreaterThan(600_000);
    expect(Buffer.byteLength(data)).toBeLessThan(700_000);
    const status = await imported({ format: 'CSV', source, data });
    expect(status).toMatchObject({
      status: 'COMPLETED',
      error: null,
      counts: { received: 3, new: 2, rejected: 1 },
      rejections: [{ index: 1, reason: expect.stringMatching(/^POSTING_TOO_LARGE/) }],
    });
    expect((await rows(source)).map((row) => row.title)).toEqual(['After', 'Before']);

    const POST_JOB = `mutation ($input: PostJobInput!) { postJob(input: $input) { id } }`;
    const posted = await jobs.query(
      POST_JOB,
      { input: { title: `Posted after ${source}`, company: 'H', description: 'TypeScript' } },
      await auth(),
    );
    const jobId = posted.data?.postJob?.id as string;
    expect(jobId).toBeTruthy();
    await eventually(async () => upsertedEvents.find((event) => event.data.jobId === jobId));
    const db = jobs.em();
    expect(await db.execute('select id from outbox_dead_letters')).toEqual([]);
    await eventually(async () => (await jobs.subgraph.runtime.outbox.pendingCount()) === 0);
  });

  it('fails an import whose worker died (lease ran out) with WORKER_LOST; a live one keeps running', async () => {
    const db = jobs.em();
    const insert = (id: string, heartbeat: string) =>
      db.execute(
        `insert into job_imports (id, created_by_id, format, source, full_feed, status, rejections, created_at,
           started_at, heartbeat_at)
         values (?, ?, 'CSV', ?, true, 'RUNNING', '[]', now() - interval '1 hour', now() - interval '1 hour', ${heartbeat})`,
        [id, recruiter, `lease-${id}`],
      );
    const dead = randomUUID();
    const live = randomUUID();
    await insert(dead, "now() - interval '10 minutes'");
    await insert(live, 'now()');
    expect(await failLostImports(db, jobs.subgraph.runtime.outbox, 120)).toEqual([dead]);
    const read = async (id: string) => (await jobs.query(STATUS, { id }, await auth())).data.jobImport;
    expect(await read(dead)).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/^WORKER_LOST/),
    });
    expect((await read(dead)).finishedAt).toBeTruthy();
    expect(await read(live)).toMatchObject({ status: 'RUNNING', error: null });
    await eventually(async () =>
      progressEvents.find((event) => event.data.importId === dead && event.data.done),
    );
    // The sweeper runs on start: a fresh process fails what a dead one left.
    await db.execute(`update job_imports set heartbeat_at = now() - interval '10 minutes' where id = ?`, [
      live,
    ]);
    const stop = startImportSweeper({
      em: db,
      outbox: jobs.subgraph.runtime.outbox,
      logger: jobs.subgraph.runtime.logger,
      leaseSeconds: 120,
      worker: (jobs.subgraph.services as JobsServices).worker,
    });
    try {
      await eventually(async () => (await read(live)).status === 'FAILED');
    } finally {
      stop();
    }
  });

  it('resumes a feed URL whose worker died, skipping the items it had already counted', async () => {
    const id = randomUUID();
    const tag = randomUUID();
    const source = `resume-${tag}`;
    // A process read the first two items (queued, counted and stored), then died.
    await jobs.em().execute(
      `insert into job_imports (id, created_by_id, format, source, url, full_feed, status, received, dispatched,
         processed, inserted, rejections, created_at, started_at, heartbeat_at)
       values (?, ?, 'JSON_RESUME', ?, ?, true, 'RUNNING', 2, 2, 2, 2, '[]', now() - interval '1 hour',
         now() - interval '1 hour', now() - interval '10 minutes')`,
      [id, recruiter, source, `${siteUrl}/three.json?tag=${tag}`],
    );
    const stop = startImportSweeper({
      em: jobs.em(),
      outbox: jobs.subgraph.runtime.outbox,
      logger: jobs.subgraph.runtime.logger,
      leaseSeconds: 120,
      worker: (jobs.subgraph.services as JobsServices).worker,
    });
    try {
      const status = await finished(id);
      expect(status).toMatchObject({ status: 'COMPLETED', error: null, counts: { received: 3, new: 3 } });
      // Only the item the dead process had not read was read again.
      expect((await rows(source)).map((row) => row.title)).toEqual(['Feed 2']);
      const [{ resumes }] = await jobs
        .em()
        .execute<{ resumes: number }[]>('select resumes from job_imports where id = ?', [id]);
      expect(resumes).toBe(1);
    } finally {
      stop();
    }
  });

  it('crawls URLs: robots.txt, non-HTML, SSRF after a redirect, per-domain spacing, 24 h dedupe', async () => {
    const source = `crawl-${randomUUID()}`;
    const tag = randomUUID();
    const lines = [
      `${siteUrl}/job/1?run=${tag}`,
      `${siteUrl}/job/2?run=${tag}`,
      `${siteUrl}/private/3?run=${tag}`,
      `${siteUrl}/data.json?run=${tag}`,
      `${siteUrl}/redirect?run=${tag}`,
      `http://127.0.0.1:${otherPort}/job?run=${tag}`,
      'not a url',
    ];
    const status = await imported({ format: 'URLS', source, data: lines.join('\n') });
    expect(status).toMatchObject({ status: 'COMPLETED', counts: { received: 7, new: 2, rejected: 5 } });
    const reasons = Object.fromEntries(
      status.rejections.map((r: { index: number; reason: string }) => [r.index, r.reason]),
    );
    expect(reasons[2]).toMatch(/robots\.txt disallows/);
    expect(reasons[3]).toMatch(/^UNSUPPORTED_CONTENT_TYPE/);
    expect(reasons[4]).toMatch(/^BLOCKED_ADDRESS/);
    expect(reasons[5]).toMatch(/^BLOCKED_ADDRESS/);
    expect(reasons[6]).toMatch(/not an http/);
    expect(hits.some((hit) => hit.path.startsWith('/private'))).toBe(false);
    const { nodes } = await listed(source);
    expect(nodes.map((job) => job.hasRawHtml)).toEqual([true, true]);
    // Crawl-delay: 1 — request starts are a second apart (what the server sees jitters with the load).
    const pageHits = hits.filter((hit) => hit.path.includes(tag)).map((hit) => hit.at);
    expect(pageHits.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < pageHits.length; i++)
      expect(pageHits[i] - pageHits[i - 1]).toBeGreaterThanOrEqual(600);
    expect(pageHits[pageHits.length - 1] - pageHits[0]).toBeGreaterThanOrEqual(
      (pageHits.length - 1) * 1000 - 200,
    );
    // Within 24 h the same pages are not fetched again.
    const hitsBefore = hits.length;
    const again = await imported({ format: 'URLS', source, data: lines.slice(0, 2).join('\n') });
    expect(again.counts).toMatchObject({ received: 2, duplicate: 2, new: 0 });
    expect(hits.length).toBe(hitsBefore);
  }, 60_000);

  it('crawls: robots.txt is checked for every redirect target', async () => {
    const source = `crawl2-${randomUUID()}`;
    const tag = randomUUID();
    const moved = await imported({
      format: 'URLS',
      source: `${source}-moved`,
      data: `${siteUrl}/moved/9?run=${tag}`,
    });
    expect(moved).toMatchObject({ counts: { received: 1, rejected: 1, new: 0 } });
    expect(moved.rejections[0].reason).toMatch(/robots\.txt disallows .*\/private\/9.*redirected from/);
    expect(hits.some((hit) => hit.path.startsWith('/private/9'))).toBe(false);
  });

  it('re-crawling within 24 h keeps open postings whose JSON-LD url differs from the page URL', async () => {
    const source = `crawl3-${randomUUID()}`;
    const tag = randomUUID();
    const pages = [`${siteUrl}/canonical/1?run=${tag}`, `${siteUrl}/canonical/2?run=${tag}`];
    expect((await imported({ format: 'URLS', source, data: pages.join('\n') })).counts).toMatchObject({
      new: 2,
    });
    // Within 24 h the pages are not fetched again, and their postings (keyed by their own url) stay open.
    const again = await imported({ format: 'URLS', source, data: pages.join('\n') });
    expect(again).toMatchObject({ status: 'COMPLETED', counts: { duplicate: 2, closed: 0 } });
    expect((await rows(source)).map((row) => [row.title, row.is_active])).toEqual([
      [`Canonical 1-run-${tag}`, true],
      [`Canonical 2-run-${tag}`, true],
    ]);
  }, 60_000);

  it('keeps several JobPostings of one page without their own url apart', async () => {
    const source = `crawl4-${randomUUID()}`;
    const tag = randomUUID();
    const multi = await imported({
      format: 'URLS',
      source: `${source}-multi`,
      data: `${siteUrl}/multi?run=${tag}`,
    });
    expect(multi.counts).toMatchObject({ received: 3, new: 3, duplicate: 0 });
    expect((await rows(`${source}-multi`)).map((row) => row.title)).toEqual([
      'Backend engineer',
      'Data engineer',
      'Frontend engineer',
    ]);
    const { nodes } = await listed(`${source}-multi`);
    expect(new Set(nodes.map((job) => job.sourceUrl))).toEqual(new Set([`${siteUrl}/multi?run=${tag}`]));
  });

  it('spaces requests per domain across callers through Redis', async () => {
    const { redis } = jobs.subgraph.runtime;
    const domain = `spacing-${randomUUID()}.example`;
    const waits = await Promise.all([0, 1, 2, 3].map(() => reserveCrawlSlot(redis, domain, 500)));
    expect(waits.sort((a, b) => a - b).map((w) => Math.round(w / 500))).toEqual([0, 1, 2, 3]);
    expect(await reserveCrawlSlot(redis, `other-${domain}`, 500)).toBe(0);
  });

  it('fails a 50 MB feed URL with FEED_TOO_LARGE (the cap is INGEST_MAX_FEED_BYTES)', async () => {
    const source = `big-${randomUUID()}`;
    const status = await imported({ format: 'JSON_RESUME', source, url: `${siteUrl}/big.json` });
    expect(status.status).toBe('FAILED');
    expect(status.error).toMatch(/^(FEED_TOO_LARGE|RESPONSE_TOO_LARGE)/);
    // Whatever whole items came before the cap are stored; none is half-written.
    const stored = await rows(source);
    expect(stored.length).toBe(status.counts.new);
    expect(stored.every((row) => row.title === 'Big')).toBe(true);
  }, 90_000);

  it('imports a file with the jobs:import CLI (built dist/)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobs-cli-'));
    try {
      const file = join(dir, 'acme.csv');
      await writeFile(
        file,
        'title,company,description\n"Engineer, Data","Acme, Inc.","Python\nand SQL"\nAnalyst,Acme,Excel\n',
      );
      const source = `cli-${randomUUID()}`;
      const run = (args: string[]) =>
        promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, ...jobs.ns.env } });
      const { stdout } = await run([file, '--source', source]);
      expect(stdout).toMatch(/COMPLETED in .*received 2, new 2/);
      expect((await rows(source)).map((row) => row.title)).toEqual(['Analyst', 'Engineer, Data']);
      await expect(run([])).rejects.toMatchObject({ code: 2 });
      await expect(run([join(dir, 'missing.csv')])).rejects.toMatchObject({ code: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('kill -9 of the process reading a feed: the import ends FAILED (WORKER_LOST), not RUNNING for ever', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobs-kill-'));
    const source = `killed-${randomUUID()}`;
    const file = join(dir, 'big.csv');
    const lines = ['title,company,external_id'];
    for (let i = 0; i < 50_000; i++) lines.push(`Killed ${i},K,k-${i}`);
    await writeFile(file, lines.join('\n'));
    const child = spawn(process.execPath, [CLI, file, '--source', source], {
      env: { ...process.env, ...jobs.ns.env },
      stdio: 'ignore',
    });
    const exited = once(child, 'exit');
    let stop = () => undefined as void;
    try {
      const id = await eventually(async () => {
        const [row] = await jobs
          .em()
          .execute<{ id: string; received: number }[]>(
            'select id, received from job_imports where source = ?',
            [source],
          );
        return row && row.received > 0 ? row.id : undefined;
      }, 60_000);
      child.kill('SIGKILL');
      await exited;
      const state = async () =>
        (
          await jobs
            .em()
            .execute<{ status: string; error: string | null }[]>(
              'select status, error from job_imports where id = ?',
              [id],
            )
        )[0];
      expect((await state()).status).toBe('RUNNING');
      // Another jobs process (this one) sweeps with a short lease.
      stop = startImportSweeper({
        em: jobs.em(),
        outbox: jobs.subgraph.runtime.outbox,
        logger: jobs.subgraph.runtime.logger,
        leaseSeconds: 2,
        worker: (jobs.subgraph.services as JobsServices).worker,
      });
      const ended = await eventually(async () => {
        const row = await state();
        return row.status === 'RUNNING' ? undefined : row;
      }, 60_000);
      expect(ended).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^WORKER_LOST/) });
    } finally {
      stop();
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('streams a feed without holding it whole: items are stored while the feed is still being produced', async () => {
    const source = `stream-${randomUUID()}`;
    const total = 10_000;
    const storedCount = async () => {
      const [row] = await jobs
        .em()
        .execute<{ count: string }[]>('select count(*) from jobs where source = ?', [source]);
      return Number(row.count);
    };
    // Halfway, the feed waits until the first half's postings are being stored: an importer that
    // read the whole feed before storing anything would never get there (and this would be false).
    let storedWhileProducing = false;
    const feed = Readable.from(
      (async function* () {
        yield '[';
        for (let i = 0; i < total; i++) {
          if (i === total / 2) {
            storedWhileProducing = await eventually(async () => (await storedCount()) > 0, 30_000).then(
              () => true,
              () => false,
            );
          }
          yield `${i ? ',' : ''}{"title":"Stream ${i}","company":"S","externalId":"s-${i}"}`;
        }
        yield ']';
      })(),
    );
    const service = new JobImportService(jobs.em(), (jobs.subgraph.services as JobsServices).worker);
    const job = await service.start(
      null,
      { format: JobImportFormat.JSON_RESUME, source, fullFeed: true },
      { kind: 'data', source: feed },
    );
    const done = await eventually(async () => {
      const [row] = await jobs
        .em()
        .execute<{ status: string; received: number; inserted: number }[]>(
          'select status, received, inserted from job_imports where id = ?',
          [job.id],
        );
      return row.status === 'COMPLETED' ? row : undefined;
    }, 120_000);
    expect(storedWhileProducing).toBe(true);
    expect(done).toMatchObject({ received: total, inserted: total });
    expect(await storedCount()).toBe(total);
  }, 180_000);
});
