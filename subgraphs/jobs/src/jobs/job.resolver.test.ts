import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { untilSettledOrBlocked } from '@hiregraph/platform/testing/locks';
import {
  bearer,
  schemaDrift,
  startTestSubgraph,
  type GraphQLResponse,
  type TestSubgraph,
} from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { jobsSubgraph } from '../subgraph.js';
import { jobCacheKey } from './job.cache.js';
import { Job } from './job.entity.js';
import { JobService } from './job.service.js';
import { JobCache } from './job.cache.js';

const FIELDS = `id title company description source externalId remote seniority isActive closedAt hasRawHtml
  location { city region countryCode }
  salary { min max currency period yearlyUsdMin yearlyUsdMax yearlyUsd text }
  requirements { years requiredSkills preferredSkills qualifications responsibilities }`;
const POST = `mutation ($input: PostJobInput!) { postJob(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateJobInput!) { updateJob(id: $id, input: $input) { ${FIELDS} } }`;
const CLOSE = `mutation ($id: ID!) { closeJob(id: $id) { id isActive closedAt } }`;
const GET = `query ($id: ID!) { job(id: $id) { ${FIELDS} } }`;
const SEARCH = `query ($query: String, $filter: JobSearchFilter, $sort: JobSort, $first: Int, $after: String) {
  searchJobs(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount nodes { id title salary { yearlyUsd } } pageInfo { hasNextPage endCursor } } }`;

describe('jobs subgraph', () => {
  let jobs: TestSubgraph;
  let tokens: TestTokenIssuer;
  const events: { type: string; data: Record<string, any> }[] = [];
  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    jobs = await startTestSubgraph(jobsSubgraph, { env: { AUTH_JWKS_URL: tokens.jwksUrl } });
    const { bus } = jobs.subgraph.runtime;
    for (const type of ['job.upserted', 'job.closed'] as const) {
      await bus.subscribe(type, `test_${type.replace('.', '_')}`, async (event) => {
        events.push(event);
      });
    }
  });
  afterAll(async () => {
    await jobs.stop();
    await tokens.close();
  });

  const as = async (userId: string, role: 'USER' | 'RECRUITER' | 'ADMIN') =>
    bearer(await tokens.token({ userId, role }));
  const codeOf = (res: GraphQLResponse) => res.errors?.[0].extensions?.code;
  const eventFor = (type: string, jobId: string) =>
    eventually(async () => events.find((event) => event.type === type && event.data.jobId === jobId));
  /** Posts as a fresh recruiter; a unique word in the company keeps each test's searches apart. */
  const post = async (input: Record<string, unknown>, auth?: Record<string, string>) => {
    const res = await jobs.query(POST, { input }, auth ?? (await as(randomUUID(), 'RECRUITER')));
    if (!res.data?.postJob) throw new Error(JSON.stringify(res.errors));
    return res.data.postJob as { id: string } & Record<string, any>;
  };

  it('has committed migrations that match its entities', async () => {
    expect(await schemaDrift(jobs.subgraph)).toBe('');
  });

  it('lets recruiters and admins post, extracts requirements, and announces job.upserted', async () => {
    const input = {
      title: 'Senior Platform Engineer',
      company: 'Acme',
      description: 'Hybrid in Berlin.\n## Requirements\n- 5+ years of experience running Kubernetes',
      location: { city: 'Berlin', countryCode: 'de' },
      salary: { min: 100_000, max: 120_000, currency: 'usd', period: 'YEAR' },
      requiredSkills: ['Kubernetes'],
    };
    expect(codeOf(await jobs.query(POST, { input }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await jobs.query(POST, { input }, await as(randomUUID(), 'USER')))).toBe('FORBIDDEN');
    const recruiter = randomUUID();
    const job = await post(input, await as(recruiter, 'RECRUITER'));
    expect(job).toMatchObject({
      title: 'Senior Platform Engineer',
      source: 'hiregraph',
      externalId: null,
      remote: 'HYBRID',
      seniority: 'SENIOR',
      isActive: true,
      hasRawHtml: false,
      location: { city: 'Berlin', region: null, countryCode: 'DE' },
      salary: { min: 100_000, max: 120_000, currency: 'USD', period: 'YEAR', yearlyUsd: 120_000 },
      requirements: {
        years: 5,
        requiredSkills: ['kubernetes'],
        qualifications: ['5+ years of experience running Kubernetes'],
      },
    });
    expect(
      (await post({ title: 'Admin post', company: 'Acme' }, await as(randomUUID(), 'ADMIN'))).id,
    ).toBeTruthy();
    const event = await eventFor('job.upserted', job.id);
    expect(event.data).toMatchObject({
      postedById: recruiter,
      title: 'Senior Platform Engineer',
      company: 'Acme',
      location: { city: 'Berlin', region: null, countryCode: 'DE' },
      remote: 'HYBRID',
      seniority: 'SENIOR',
      yearsOfExperience: 5,
      requiredSkills: ['kubernetes'],
      salary: { yearlyUsd: 120_000, currency: 'USD' },
      created: true,
    });
    expect(typeof event.data.postedAt).toBe('string');
  });

  it('rejects bad input with coded errors and writes nothing', async () => {
    const admin = await as(randomUUID(), 'ADMIN');
    const before = await jobs.em().count(Job, {});
    for (const [input, field] of [
      [{ title: ' ', company: 'Acme' }, 'title'],
      [{ title: 'T', company: 'C', location: { countryCode: 'Germany' } }, 'location.countryCode'],
      [{ title: 'T', company: 'C', salary: { min: 10, max: 5 } }, 'salary.max'],
      [{ title: 'T', company: 'C', sourceUrl: 'javascript:alert(1)' }, 'sourceUrl'],
    ] as const) {
      const res = await jobs.query(POST, { input }, admin);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await jobs.em().count(Job, {})).toBe(before);
  });

  it('lets only the poster or an admin update and close, and announces both', async () => {
    const recruiter = randomUUID();
    const auth = await as(recruiter, 'RECRUITER');
    const job = await post({ title: 'Backend Engineer', company: 'Acme' }, auth);
    const change = { input: { title: 'Lead Backend Engineer' }, id: job.id };
    expect(codeOf(await jobs.query(UPDATE, change))).toBe('UNAUTHENTICATED');
    expect(codeOf(await jobs.query(UPDATE, change, await as(randomUUID(), 'RECRUITER')))).toBe('FORBIDDEN');
    expect(codeOf(await jobs.query(UPDATE, change, await as(recruiter, 'USER')))).toBe('FORBIDDEN');
    expect(codeOf(await jobs.query(CLOSE, { id: job.id }, await as(randomUUID(), 'RECRUITER')))).toBe(
      'FORBIDDEN',
    );
    const updated = await jobs.query(UPDATE, change, auth);
    // Partial: the company stays; the seniority follows the new title.
    expect(updated.data.updateJob).toMatchObject({
      title: 'Lead Backend Engineer',
      company: 'Acme',
      seniority: 'LEAD',
    });
    await eventually(async () =>
      events.find(
        (event) => event.type === 'job.upserted' && event.data.jobId === job.id && !event.data.created,
      ),
    );

    const closed = await jobs.query(CLOSE, { id: job.id }, await as(randomUUID(), 'ADMIN'));
    expect(closed.data.closeJob).toMatchObject({ id: job.id, isActive: false });
    expect((await eventFor('job.closed', job.id)).data).toEqual({
      jobId: job.id,
      postedById: recruiter,
      reason: 'CLOSED',
    });
    // Closed: gone for the public, still there for its poster.
    expect((await jobs.query(GET, { id: job.id })).data.job).toBeNull();
    expect((await jobs.query(GET, { id: job.id }, auth)).data.job).toMatchObject({ isActive: false });
    expect(codeOf(await jobs.query(CLOSE, { id: randomUUID() }, auth))).toBe('NOT_FOUND');
  });

  it('resolves a closed posting through _entities only for its poster and admins, like job(id)', async () => {
    const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Job { id isActive } } }`;
    const recruiter = randomUUID();
    const auth = await as(recruiter, 'RECRUITER');
    const job = await post({ title: 'Entity Engineer', company: 'Acme' }, auth);
    const entity = async (headers?: Record<string, string>) =>
      (await jobs.query(ENTITIES, { r: [{ __typename: 'Job', id: job.id }] }, headers)).data
        ?._entities?.[0] ?? null;
    expect(await entity()).toMatchObject({ id: job.id, isActive: true });
    await jobs.query(CLOSE, { id: job.id }, auth);
    expect(await entity()).toBeNull();
    expect(await entity(await as(randomUUID(), 'RECRUITER'))).toBeNull();
    expect(await entity(await as(randomUUID(), 'USER'))).toBeNull();
    expect(await entity(auth)).toMatchObject({ id: job.id, isActive: false });
    expect(await entity(await as(randomUUID(), 'ADMIN'))).toMatchObject({ id: job.id, isActive: false });
  });

  it('caches job(id) in Redis and drops the cache on update and close', async () => {
    const auth = await as(randomUUID(), 'RECRUITER');
    const job = await post({ title: 'Cached Engineer', company: 'Acme' }, auth);
    const { redis } = jobs.subgraph.runtime;
    expect((await jobs.query(GET, { id: job.id })).data.job.title).toBe('Cached Engineer');
    expect(await redis.ttl(jobCacheKey(job.id))).toBeGreaterThan(3500);
    // Served from the cache: a change behind the service's back is not seen...
    await jobs.em().nativeUpdate(Job, { id: job.id }, { company: 'Sneaky' });
    expect((await jobs.query(GET, { id: job.id })).data.job.company).toBe('Acme');
    // ...but an update is, at once.
    await jobs.query(UPDATE, { id: job.id, input: { title: 'Renamed Engineer' } }, auth);
    expect((await jobs.query(GET, { id: job.id })).data.job).toMatchObject({
      title: 'Renamed Engineer',
      company: 'Sneaky',
    });
    await jobs.query(CLOSE, { id: job.id }, auth);
    expect(await redis.exists(jobCacheKey(job.id))).toBe(0);
    expect((await jobs.query(GET, { id: job.id })).data.job).toBeNull();
  });

  it('never lets a read that raced a close cache the posting as open', async () => {
    const auth = await as(randomUUID(), 'RECRUITER');
    const job = await post({ title: 'Raced Engineer', company: 'Acme' }, auth);
    const { redis, outbox } = jobs.subgraph.runtime;
    // The reader misses the cache and reads the open row; it is held right after its read.
    const em = jobs.em();
    const findOne = em.findOne.bind(em);
    let readDone!: () => void;
    let release!: () => void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    const barrier = new Promise<void>((resolve) => (release = resolve));
    em.findOne = (async (...args: Parameters<typeof findOne>) => {
      const row = await findOne(...args);
      readDone();
      await barrier;
      return row;
    }) as typeof em.findOne;
    const reader = new JobService(em, { outbox, cache: new JobCache(redis) }).get(null, job.id);
    await read;
    await jobs.query(CLOSE, { id: job.id }, auth); // committed and invalidated meanwhile
    release();
    expect((await reader)?.isActive).toBe(true); // it read before the close
    // The late reader did not cache the open copy: the closed posting is hidden at once.
    expect(await redis.exists(jobCacheKey(job.id))).toBe(0);
    expect((await jobs.query(GET, { id: job.id })).data.job).toBeNull();
  });

  describe('searchJobs', () => {
    const tag = `z${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      const auth = await as(randomUUID(), 'RECRUITER');
      const postings: [string, Record<string, unknown>][] = [
        [
          'inDescription',
          {
            title: 'Backend Engineer',
            description: 'Our stack: Go and some Rust on the side.',
            remote: 'FULL',
            salary: { min: 150_000, currency: 'USD', period: 'YEAR' },
            requiredSkills: ['Go', 'PostgreSQL'],
            location: { countryCode: 'US', city: 'Austin' },
          },
        ],
        [
          'inTitle',
          {
            title: 'Rust Engineer',
            description: 'Systems work.',
            remote: 'HYBRID',
            salary: { min: 90_000, currency: 'USD', period: 'YEAR' },
            requiredSkills: ['Rust'],
            location: { countryCode: 'DE', city: 'Berlin' },
          },
        ],
        [
          'unknownSalary',
          {
            title: 'Junior Rust Developer',
            description: 'Learn Rust with us.',
            remote: 'FULL',
            requiredSkills: ['Rust', 'PostgreSQL'],
            location: { countryCode: 'US' },
          },
        ],
        [
          'other',
          {
            title: 'Accountant',
            description: 'Spreadsheets.',
            remote: 'NONE',
            salary: { min: 300_000, currency: 'USD', period: 'YEAR' },
          },
        ],
      ];
      for (const [name, input] of postings)
        ids[name] = (await post({ company: `Acme ${tag}`, ...input }, auth)).id;
    });
    const search = async (variables: Record<string, unknown>, headers?: Record<string, string>) => {
      const res = await jobs.query(
        SEARCH,
        { ...variables, query: `${tag} ${variables.query ?? ''}`.trim() },
        headers,
      );
      if (!res.data) throw new Error(JSON.stringify(res.errors));
      return res.data.searchJobs as { totalCount: number; nodes: { id: string }[]; pageInfo: any };
    };
    const idsOf = (page: { nodes: { id: string }[] }) => page.nodes.map((node) => node.id);

    it('ranks a title match above a description match, for anonymous callers too', async () => {
      const page = await search({ query: 'rust' });
      expect(page.totalCount).toBe(3);
      // Both postings with Rust in the title come before the one that mentions it in its description.
      expect(idsOf(page).slice(0, 2).sort()).toEqual([ids.inTitle, ids.unknownSalary].sort());
      expect(idsOf(page)[2]).toBe(ids.inDescription);
      expect(idsOf(page)).not.toContain(ids.other);
    });

    it('filters by remote policy, location, seniority and skills (all of)', async () => {
      expect(idsOf(await search({ filter: { remote: ['FULL'] } })).sort()).toEqual(
        [ids.inDescription, ids.unknownSalary].sort(),
      );
      expect(idsOf(await search({ filter: { location: { countryCode: 'de', city: 'BERLIN' } } }))).toEqual([
        ids.inTitle,
      ]);
      expect(idsOf(await search({ filter: { seniority: ['JUNIOR'] } }))).toEqual([ids.unknownSalary]);
      // The taxonomy reads Rust out of inDescription's text too ("some Rust on the side").
      expect(idsOf(await search({ filter: { skills: ['rust', 'PostgreSQL'] } })).sort()).toEqual(
        [ids.inDescription, ids.unknownSalary].sort(),
      );
      expect(idsOf(await search({ filter: { skills: ['rust', 'PostgreSQL', 'go'] } }))).toEqual([
        ids.inDescription,
      ]);
    });

    it('fails closed on unknown salary unless asked to include it', async () => {
      const strict = await search({ filter: { minYearlySalaryUsd: 100_000 } });
      expect(idsOf(strict).sort()).toEqual([ids.inDescription, ids.other].sort());
      const lenient = await search({ filter: { minYearlySalaryUsd: 100_000, includeUnknownSalary: true } });
      expect(idsOf(lenient).sort()).toEqual([ids.inDescription, ids.other, ids.unknownSalary].sort());
    });

    it('sorts by salary, unknown last, page by page with totalCount', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await search({ sort: 'SALARY', first: 1, after });
        expect(page.totalCount).toBe(4);
        seen.push(...idsOf(page));
        after = page.pageInfo.endCursor;
        if (!page.pageInfo.hasNextPage) break;
      }
      expect(seen).toEqual([ids.other, ids.inDescription, ids.inTitle, ids.unknownSalary]);
    });

    it('pages through relevance order without repeats', async () => {
      const first = await search({ query: 'rust', first: 2 });
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await search({ query: 'rust', first: 2, after: first.pageInfo.endCursor });
      expect(second.pageInfo.hasNextPage).toBe(false);
      expect([...idsOf(first), ...idsOf(second)].sort()).toEqual(
        [ids.inTitle, ids.inDescription, ids.unknownSalary].sort(),
      );
    });

    it('refuses foreign cursors, and closed postings to anyone but admins', async () => {
      const newest = await search({ first: 1 });
      const res = await jobs.query(SEARCH, { query: tag, sort: 'SALARY', after: newest.pageInfo.endCursor });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(codeOf(await jobs.query(SEARCH, { query: tag, filter: { isActive: false } }))).toBe(
        'UNAUTHENTICATED',
      );
      expect(
        codeOf(
          await jobs.query(
            SEARCH,
            { query: tag, filter: { isActive: false } },
            await as(randomUUID(), 'RECRUITER'),
          ),
        ),
      ).toBe('FORBIDDEN');
      const admin = await as(randomUUID(), 'ADMIN');
      expect((await search({ filter: { isActive: null } }, admin)).totalCount).toBe(4);
    });
  });

  it("removes a deleted recruiter's postings, announced as job.closed", async () => {
    const recruiter = randomUUID();
    const job = await post({ title: 'A', company: 'B' }, await as(recruiter, 'RECRUITER'));
    await jobs.query(GET, { id: job.id });
    await jobs.subgraph.runtime.bus.publish(
      createEvent('user.deleted', { userId: recruiter }, { producer: 'users' }),
    );
    await eventually(async () => (await jobs.em().count(Job, { postedById: recruiter })) === 0);
    expect((await eventFor('job.closed', job.id)).data.reason).toBe('POSTER_DELETED');
    expect(await jobs.subgraph.runtime.redis.exists(jobCacheKey(job.id))).toBe(0);
  });

  it('pages through all open postings, newest first', async () => {
    const recruiter = await as(randomUUID(), 'RECRUITER');
    for (let i = 0; i < 3; i++) await post({ title: `Paged ${i}`, company: 'C' }, recruiter);
    const PAGE = `query ($after: String) { jobs(first: 2, after: $after) {
      totalCount nodes { id createdAt isActive } pageInfo { hasNextPage endCursor } } }`;
    const seen: { id: string; createdAt: string; isActive: boolean }[] = [];
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
    expect(seen.every((job) => job.isActive)).toBe(true);
    expect(new Set(seen.map((job) => job.id)).size).toBe(totalCount);
    const times = seen.map((job) => Date.parse(job.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('lists a posting with every field as job(id) reads it (the list reads rows without hydration)', async () => {
    const ALL = `${FIELDS} sourceUrl urlHash employmentType skillsTaxonomyVersion postedAt firstSeenAt lastCrawledAt createdAt updatedAt`;
    const posted = await post({
      title: 'Staff Data Engineer',
      company: 'Listed Fields Ltd',
      description: 'Remote within Europe.\n## Requirements\n- 7+ years with PostgreSQL and Kafka\n- Python',
      location: { city: 'Lisbon', region: 'Lisboa', countryCode: 'pt' },
      salary: { min: 90_000, max: 110_000, currency: 'eur', period: 'YEAR' },
      requiredSkills: ['PostgreSQL', 'Kafka'],
      preferredSkills: ['Python'],
      employmentType: 'FULL_TIME',
    });
    const listed = (await jobs.query(`{ jobs(first: 100) { nodes { ${ALL} } } }`)).data.jobs.nodes.find(
      (job: { id: string }) => job.id === posted.id,
    );
    const read = (await jobs.query(`query ($id: ID!) { job(id: $id) { ${ALL} } }`, { id: posted.id })).data
      .job;
    expect(read.salary.yearlyUsd).toEqual(expect.any(Number));
    expect(read.requirements.requiredSkills).toEqual(expect.arrayContaining(['postgresql', 'kafka']));
    expect(read.location).toEqual({ city: 'Lisbon', region: 'Lisboa', countryCode: 'PT' });
    expect(listed).toEqual(read);
    // The list reads only the selected fields' columns; getters and fragments read every column.
    const pick = async (selection: string) =>
      (await jobs.query(`{ jobs(first: 100) { edges { node { id ${selection} } } } }`)).data.jobs.edges
        .map((edge: { node: { id: string } }) => edge.node)
        .find((job: { id: string }) => job.id === posted.id);
    expect(await pick('title location { city } salary { yearlyUsd }')).toEqual({
      id: posted.id,
      title: read.title,
      location: { city: 'Lisbon' },
      salary: { yearlyUsd: read.salary.yearlyUsd },
    });
    expect(await pick('hasRawHtml updatedAt')).toEqual({
      id: posted.id,
      hasRawHtml: false,
      updatedAt: read.updatedAt,
    });
    expect(await pick('... on Job { company requirements { requiredSkills } }')).toEqual({
      id: posted.id,
      company: read.company,
      requirements: { requiredSkills: read.requirements.requiredSkills },
    });
  });

  it('leaves no posting behind when posts race the account deletion', async () => {
    const recruiter = randomUUID();
    const auth = await as(recruiter, 'RECRUITER');
    await post({ title: 'Before', company: 'C' }, auth);
    let creates: Promise<GraphQLResponse>[] = [];
    await jobs.em().transactional(async (tx) => {
      await JobService.removePostingsOf(tx, recruiter, new JobCache(jobs.subgraph.runtime.redis));
      creates = Array.from({ length: 5 }, (_, i) =>
        jobs.query(POST, { input: { title: `Racing ${i}`, company: 'C' } }, auth),
      );
      await untilSettledOrBlocked(jobs.em(), creates);
    });
    const results = await Promise.all(creates);
    expect(await jobs.em().count(Job, { postedById: recruiter })).toBe(0);
    for (const result of results) expect(codeOf(result)).toBe('UNAUTHENTICATED');
  });
});
