import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createEvent } from '@hiregraph/libs/events/envelope';
import { eventually } from '@hiregraph/libs/testing/namespace';
import { untilSettledOrBlocked } from '@hiregraph/libs/testing/locks';
import {
  bearer,
  schemaDrift,
  startTestSubgraph,
  type GraphQLResponse,
  type TestSubgraph,
} from '@hiregraph/libs/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/libs/testing/token-issuer';
import { jobsSubgraph } from '../subgraph.js';
import { Job } from './job.entity.js';
import { JobService } from './job.service.js';

const CREATE =
  'mutation ($input: CreateJobInput!) { createJob(input: $input) { id title company description } }';

describe('jobs subgraph', () => {
  let jobs: TestSubgraph;
  let tokens: TestTokenIssuer;
  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    jobs = await startTestSubgraph(jobsSubgraph, { env: { AUTH_JWKS_URL: tokens.jwksUrl } });
  });
  afterAll(async () => {
    await jobs.stop();
    await tokens.close();
  });

  const as = async (userId: string, role: 'USER' | 'RECRUITER' | 'ADMIN') =>
    bearer(await tokens.token({ userId, role }));

  it('has committed migrations that match its entities', async () => {
    expect(await schemaDrift(jobs.subgraph)).toBe('');
  });

  it('lets recruiters post, anyone read, and only the poster or an admin delete', async () => {
    const recruiter = randomUUID();
    const input = { title: 'Platform Engineer', company: 'Acme' };
    expect((await jobs.query(CREATE, { input })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(
      (await jobs.query(CREATE, { input }, await as(randomUUID(), 'USER'))).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const created = await jobs.query(CREATE, { input }, await as(recruiter, 'RECRUITER'));
    expect(created.data.createJob).toMatchObject({ ...input, description: '' });
    const id = created.data.createJob.id;
    expect((await jobs.query('query ($id: ID!) { job(id: $id) { title } }', { id })).data.job).toEqual({
      title: 'Platform Engineer',
    });

    const DELETE = 'mutation ($id: ID!) { deleteJob(id: $id) }';
    expect(
      (await jobs.query(DELETE, { id }, await as(randomUUID(), 'RECRUITER'))).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await jobs.query(DELETE, { id }, await as(recruiter, 'RECRUITER'))).data.deleteJob).toBe(true);
    expect(
      (await jobs.query(DELETE, { id }, await as(recruiter, 'RECRUITER'))).errors?.[0].extensions?.code,
    ).toBe('NOT_FOUND');
  });

  it('rejects blank fields with coded errors', async () => {
    const blank = await jobs.query(
      CREATE,
      { input: { title: ' ', company: 'Acme' } },
      await as(randomUUID(), 'ADMIN'),
    );
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
  });

  it("removes a deleted recruiter's postings", async () => {
    const recruiter = randomUUID();
    await jobs.query(CREATE, { input: { title: 'A', company: 'B' } }, await as(recruiter, 'RECRUITER'));
    await jobs.subgraph.runtime.bus.publish(
      createEvent('user.deleted', { userId: recruiter }, { producer: 'users' }),
    );
    await eventually(async () => (await jobs.em().count(Job, { postedById: recruiter })) === 0);
  });

  it('pages through all postings, newest first', async () => {
    const recruiter = await as(randomUUID(), 'RECRUITER');
    for (let i = 0; i < 3; i++)
      await jobs.query(CREATE, { input: { title: `Paged ${i}`, company: 'C' } }, recruiter);
    const PAGE = `query ($after: String) { jobs(first: 2, after: $after) {
      totalCount nodes { id createdAt } pageInfo { hasNextPage endCursor } } }`;
    const seen: { id: string; createdAt: string }[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (;;) {
      const page: GraphQLResponse = await jobs.query(PAGE, { after });
      ({ totalCount } = page.data.jobs);
      seen.push(...page.data.jobs.nodes);
      after = page.data.jobs.pageInfo.endCursor;
      if (!page.data.jobs.pageInfo.hasNextPage) break;
    }
    expect(seen).toHaveLength(totalCount);
    expect(new Set(seen.map((job) => job.id)).size).toBe(totalCount);
    const times = seen.map((job) => Date.parse(job.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('leaves no posting behind when creates race the account deletion', async () => {
    const recruiter = randomUUID();
    const auth = await as(recruiter, 'RECRUITER');
    await jobs.query(CREATE, { input: { title: 'Before', company: 'C' } }, auth);
    let creates: Promise<GraphQLResponse>[] = [];
    await jobs.em().transactional(async (tx) => {
      await JobService.removePostingsOf(tx, recruiter);
      creates = Array.from({ length: 5 }, (_, i) =>
        jobs.query(CREATE, { input: { title: `Racing ${i}`, company: 'C' } }, auth),
      );
      await untilSettledOrBlocked(jobs.em(), creates);
    });
    const results = await Promise.all(creates);
    expect(await jobs.em().count(Job, { postedById: recruiter })).toBe(0);
    for (const result of results) expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
