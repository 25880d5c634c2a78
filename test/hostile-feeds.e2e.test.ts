import { eventually } from '@hiregraph/platform/testing/namespace';
import { startE2EPlatform, type E2EPlatform } from './support/platform.js';

/**
 * Issue #17, items 1 and 2, checked from outside through the gateway: an oversized feed does not
 * stop the jobs subgraph's events (a later posting reaches matching), and a source belongs to its
 * first importer.
 */
const IMPORT = 'mutation ($input: ImportJobsInput!) { importJobs(input: $input) { id } }';
const STATUS =
  'query ($id: ID!) { jobImport(id: $id) { status error counts { received new rejected closed } rejections { index reason } } }';

describe('hostile feeds through the gateway', () => {
  let e2e: E2EPlatform;

  beforeAll(async () => {
    e2e = await startE2EPlatform('hostilefeeds');
  }, 120_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  const finished = (id: string, token: string) =>
    eventually(async () => {
      const res = await e2e.gateway(STATUS, { id }, token);
      const status = res.data?.jobImport;
      return status && ['COMPLETED', 'FAILED'].includes(status.status) ? status : undefined;
    }, 60_000);

  it('a 600 KB CSV with one huge cell, then a postJob whose posting reaches matching (candidatesForJob)', async () => {
    const recruiter = await e2e.recruiter('Hostile Feed Recruiter');
    const source = `hostile-${Date.now()}`;
    // One huge cell: 600 KB of skills in the CSV, 2.6 MB as a job.found (each skill an object);
    // NATS takes 1 MiB.
    const cell = `"${'typescript;'.repeat(55_000)}"`;
    const data = ['title,company,skills', 'Before,H,', `Huge,H,${cell}`, 'After,H,'].join('\n');
    expect(Buffer.byteLength(data)).toBeGreaterThan(600_000);
    expect(Buffer.byteLength(data)).toBeLessThan(700_000);
    const started = await e2e.gateway(
      IMPORT,
      { input: { format: 'CSV', source, data } },
      recruiter.accessToken,
    );
    expect(started.errors).toBeUndefined();
    const status = await finished(started.data.importJobs.id, recruiter.accessToken);
    expect(status).toMatchObject({
      status: 'COMPLETED',
      counts: { received: 3, new: 2, rejected: 1 },
      rejections: [{ index: 1, reason: expect.stringMatching(/^POSTING_TOO_LARGE/) }],
    });

    const posted = await e2e.gateway(
      'mutation ($input: PostJobInput!) { postJob(input: $input) { id } }',
      { input: { title: 'After the huge feed', company: 'H', description: 'TypeScript and PostgreSQL' } },
      recruiter.accessToken,
    );
    const jobId = posted.data?.postJob?.id as string;
    expect(jobId).toBeTruthy();
    // Matching answers for the posting once job.upserted reached it (NOT_FOUND before).
    await eventually(async () => {
      const res = await e2e.gateway(
        'query ($id: ID!) { candidatesForJob(jobId: $id) { totalCount } }',
        { id: jobId },
        recruiter.accessToken,
      );
      return res.data?.candidatesForJob ? true : undefined;
    }, 30_000);
    expect(await e2e.sql('jobs', 'select id from outbox_dead_letters')).toEqual([]);
  });

  it("a second recruiter reusing a source gets FORBIDDEN; the first one's postings stay open", async () => {
    const owner = await e2e.recruiter('Source Owner');
    const intruder = await e2e.recruiter('Source Intruder');
    const source = `owned-${Date.now()}`;
    const feed = (titles: string[]) =>
      ['title,company,external_id', ...titles.map((t) => `${t},O,${t}`)].join('\n');
    const first = await e2e.gateway(
      IMPORT,
      { input: { format: 'CSV', source, data: feed(['One', 'Two']) } },
      owner.accessToken,
    );
    expect(await finished(first.data.importJobs.id, owner.accessToken)).toMatchObject({
      status: 'COMPLETED',
      counts: { new: 2 },
    });
    const takeover = await e2e.gateway(
      IMPORT,
      { input: { format: 'CSV', source, data: feed(['Taken']) } },
      intruder.accessToken,
    );
    expect(takeover.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const rows = await e2e.sql<{ title: string; is_active: boolean }>(
      'jobs',
      'select title, is_active from jobs where source = $1 order by title',
      [source],
    );
    expect(rows).toEqual([
      { title: 'One', is_active: true },
      { title: 'Two', is_active: true },
    ]);
  });
});
