import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { createEvent, type EventEnvelope } from '@hiregraph/platform/events/envelope';
import { newId } from '@hiregraph/platform/ids';
import { eventually } from '@hiregraph/platform/testing/namespace';
import {
  bearer,
  schemaDrift,
  startTestSubgraph,
  type TestSubgraph,
} from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { matchingSubgraph } from '../subgraph.js';

const MATCHES = `query ($r: ID!, $f: MatchFilter, $first: Int, $after: String) {
  matchesForResume(resumeId: $r, filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id score verdict matchedSkills missingSkills recommendation computedAt
      evidence { skill chunkId kind text quote } qualifications { kind requirement status quote }
      job { id } resume { id } }
  }
}`;
const STATUS =
  'query ($r: ID!) { matchingStatus(resumeId: $r) { upToDate resumeVersion matchedVersion pendingJobs matchCount } }';
const CANDIDATES = `query ($j: ID!) { candidatesForJob(jobId: $j) { totalCount nodes { score resume { id } evidence { chunkId text } } } }`;

type Parsed = EventData<'resume.parsed'>;
type Upserted = EventData<'job.upserted'>;

const backendChunks = (extra = '') => [
  {
    id: 'summary',
    kind: 'SUMMARY' as const,
    text: 'Senior backend engineer building APIs. Reach me at ada@example.com, +49 170 1234567.',
  },
  {
    id: 'work-acme',
    kind: 'WORK' as const,
    text: `Senior Backend Engineer at Acme (2017–2025): built Node.js services in TypeScript on Postgres, deployed on Kubernetes in AWS.${extra}`,
  },
  {
    id: 'work-beta',
    kind: 'WORK' as const,
    text: 'Backend Developer at Beta: event pipelines with Kafka and Redis.',
  },
  {
    id: 'skills',
    kind: 'SKILL_GROUP' as const,
    text: 'TypeScript, Node.js, PostgreSQL, Docker, Kubernetes, AWS, Kafka',
  },
];

const parsed = (resumeId: string, ownerId: string, version: number, extra = ''): Parsed => ({
  resumeId,
  ownerId,
  version,
  markdown: backendChunks(extra)
    .map((chunk) => chunk.text)
    .join('\n\n'),
  skills: ['TypeScript', 'Node.js', 'PostgreSQL', 'Docker', 'Kubernetes', 'AWS', 'Kafka'].map((name) => ({
    name,
    raw: name,
  })),
  work: [
    {
      itemId: randomUUID(),
      company: 'Acme',
      position: 'Senior Backend Engineer',
      startDate: '2017-01',
      current: true,
    },
    {
      itemId: randomUUID(),
      company: 'Beta',
      position: 'Backend Developer',
      startDate: '2014-01',
      endDate: '2016-12',
      current: false,
    },
  ],
  totalYears: 10,
  education: [],
  location: { city: 'Berlin', countryCode: 'DE' },
  chunks: backendChunks(extra),
});

const posting = (overrides: Partial<Upserted>): Upserted => ({
  jobId: newId(),
  postedById: null,
  source: 'test',
  externalId: null,
  title: 'Senior Backend Engineer',
  company: 'Initech',
  location: { city: 'Berlin', region: null, countryCode: 'DE' },
  remote: 'HYBRID',
  employmentType: 'FULL_TIME',
  seniority: 'SENIOR',
  yearsOfExperience: 5,
  requiredSkills: ['TypeScript', 'Node.js', 'Postgres'],
  preferredSkills: ['k8s'],
  salary: null,
  description:
    'Build and operate the services behind our marketplace: APIs, event pipelines and the data model. You own services end to end.',
  postedAt: new Date().toISOString(),
  created: true,
  ...overrides,
});

/** A minimal OpenAI-compatible embeddings server: deterministic vectors of the requested size. */
async function startEmbeddingServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const body = async (request: IncomingMessage) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    return JSON.parse(text) as { input: string[]; dimensions?: number; encoding_format?: string };
  };
  const server: Server = createServer(async (request, response) => {
    const payload = await body(request);
    const dims = payload.dimensions ?? 1536;
    const data = payload.input.map((input, index) => {
      const digest = createHash('sha256').update(input).digest();
      const vector = Array.from(
        { length: dims },
        (_, i) => digest[i % digest.length] / 255 - 0.5 + (i === 0 ? 1 : 0),
      );
      const embedding =
        payload.encoding_format === 'base64'
          ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
          : vector;
      return { object: 'embedding', index, embedding };
    });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({ object: 'list', data, model: 'fake', usage: { prompt_tokens: 1, total_tokens: 1 } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('matching subgraph', () => {
  let matching: TestSubgraph;
  let tokens: TestTokenIssuer;
  let admin: Record<string, string>;
  const found: EventEnvelope<'match.found'>[] = [];
  const candidatesFound: EventEnvelope<'match.candidate_found'>[] = [];

  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    matching = await startTestSubgraph(matchingSubgraph, {
      env: { AUTH_JWKS_URL: tokens.jwksUrl, MATCHING_DEBOUNCE_MS: '100', MATCHING_POLL_MS: '50' },
    });
    admin = bearer(await tokens.token({ role: 'ADMIN' }));
    await matching.subgraph.runtime.bus.subscribe('match.found', 'test_match_found', async (event) => {
      found.push(event);
    });
    await matching.subgraph.runtime.bus.subscribe(
      'match.candidate_found',
      'test_candidate_found',
      async (event) => {
        candidatesFound.push(event);
      },
    );
  });
  let stopped = false;
  afterAll(async () => {
    if (!stopped) await matching.stop();
    await tokens.close();
  });

  const publish = <Type extends Parameters<typeof createEvent>[0]>(
    type: Type,
    data: Parameters<typeof createEvent<Type>>[1],
    producer: string,
  ) => matching.subgraph.runtime.bus.publish(createEvent(type, data, { producer }));

  const upToDate = (resumeId: string, auth: Record<string, string>, version: number) =>
    eventually(async () => {
      const res = await matching.query(STATUS, { r: resumeId }, auth);
      const status = res.data?.matchingStatus;
      return status?.upToDate && status.matchedVersion === version ? status : undefined;
    }, 20_000);

  const jobKnown = (jobId: string) =>
    eventually(
      async () => (await matching.em().execute('select 1 from job_embeddings where job_id = ?', [jobId]))[0],
    );

  const newResume = async (ownerId = randomUUID(), version = 1) => {
    const resumeId = newId();
    await publish('resume.created', { resumeId, ownerId }, 'resumes');
    await publish('resume.parsed', parsed(resumeId, ownerId, version), 'resumes');
    const auth = bearer(await tokens.token({ userId: ownerId }));
    await upToDate(resumeId, auth, version);
    return { resumeId, ownerId, auth };
  };

  it('has committed migrations that match its entities', async () => {
    expect(await schemaDrift(matching.subgraph)).toBe('');
  });

  it('ranks by fit across disciplines, seniority and junk, with aliases and evidence', async () => {
    const good = posting({ title: 'Senior Backend Engineer (Node.js)' });
    const sales = posting({
      title: 'Account Executive',
      seniority: 'SENIOR',
      requiredSkills: ['Salesforce', 'Cold calling', 'Negotiation'],
      preferredSkills: [],
      description:
        'Own a sales quota, run the full sales cycle with mid-market customers of our TypeScript platform.',
    });
    const nurse = posting({
      title: 'Registered Nurse',
      requiredSkills: ['Patient care', 'BLS'],
      preferredSkills: [],
      description: 'Care for patients in our ICU; shifts include nights. Node.js-based charting tools.',
    });
    const intern = posting({ title: 'Backend Intern', seniority: 'INTERN', yearsOfExperience: 0 });
    const junk = posting({
      title: '$$$ EARN $500/day FROM HOME!!!',
      requiredSkills: [],
      preferredSkills: [],
      seniority: null,
      description: 'No experience needed, earn cash fast, contact on WhatsApp',
    });
    for (const job of [good, sales, nurse, intern, junk]) await publish('job.upserted', job, 'jobs');
    for (const job of [good, sales, nurse, intern, junk]) await jobKnown(job.jobId);
    const { resumeId, auth } = await newResume();

    const res = await matching.query(MATCHES, { r: resumeId, first: 10 }, auth);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.matchesForResume.nodes as any[];
    const order = nodes.map((node) => node.job.id);
    const position = (id: string) => order.indexOf(id);
    expect(position(good.jobId)).toBe(0);
    const best = nodes[0];
    expect(best.verdict).toMatch(/STRONG|GOOD/);
    expect(best.score).toBeGreaterThanOrEqual(65);
    // Postgres and k8s are the taxonomy's postgresql and kubernetes.
    expect(best.matchedSkills).toEqual(expect.arrayContaining(['postgresql', 'kubernetes', 'typescript']));
    const postgres = best.evidence.find((item: any) => item.skill === 'postgresql');
    expect(postgres).toMatchObject({ chunkId: 'work-acme', kind: 'WORK', quote: 'Postgres' });
    expect(best.resume.id).toBe(resumeId);
    // Years are checked against the resume's; nothing else is asked for here.
    expect(best.qualifications).toEqual([expect.objectContaining({ kind: 'YEARS', status: 'MET' })]);
    for (const bad of [sales, nurse, junk]) {
      const node = nodes.find((item) => item.job.id === bad.jobId);
      if (node) {
        expect(node.score).toBeLessThan(45);
        expect(node.verdict).toBe('WEAK');
      }
    }
    expect(position(intern.jobId)).toBeGreaterThan(0);
    const strong = await matching.query(MATCHES, { r: resumeId, f: { minScore: 60 } }, auth);
    expect(strong.data.matchesForResume.nodes.map((node: any) => node.job.id)).not.toContain(nurse.jobId);

    // Pages follow one another without repeats.
    const page1 = await matching.query(MATCHES, { r: resumeId, first: 2 }, auth);
    const page2 = await matching.query(
      MATCHES,
      { r: resumeId, first: 2, after: page1.data.matchesForResume.pageInfo.endCursor },
      auth,
    );
    expect(page2.data.matchesForResume.nodes.map((n: any) => n.id)).toEqual(
      nodes.slice(2, 4).map((n) => n.id),
    );

    const stranger = bearer(await tokens.token());
    expect((await matching.query(MATCHES, { r: resumeId }, stranger)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await matching.query(STATUS, { r: resumeId }, stranger)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await matching.query(MATCHES, { r: resumeId }, admin)).data.matchesForResume.totalCount).toBe(
      res.data.matchesForResume.totalCount,
    );
    expect((await matching.query(MATCHES, { r: 'nope' }, auth)).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'resumeId',
    });
  });

  it('follows the owner’s remote preference', async () => {
    const onsite = posting({
      title: 'Senior Backend Engineer',
      remote: 'NONE',
      location: { city: 'Munich', region: null, countryCode: 'DE' },
    });
    const remote = posting({
      title: 'Senior Backend Engineer',
      remote: 'FULL',
      location: { city: 'Munich', region: null, countryCode: 'DE' },
    });
    await publish('job.upserted', onsite, 'jobs');
    await publish('job.upserted', remote, 'jobs');
    await jobKnown(onsite.jobId);
    await jobKnown(remote.jobId);
    const { resumeId, ownerId, auth } = await newResume();
    await publish(
      'user.preferences_updated',
      {
        userId: ownerId,
        desiredTitles: [],
        locations: ['Berlin'],
        remotePolicy: 'REMOTE',
        minimumSalary: null,
        salaryCurrency: null,
        seniority: null,
        openToRecruiters: false,
        matchThreshold: 70,
      },
      'users',
    );
    const scores = await eventually(async () => {
      const [row] = await matching
        .em()
        .execute('select remote from owner_preferences where owner_id = ?', [ownerId]);
      if (!row) return undefined;
      const res = await matching.query(MATCHES, { r: resumeId, first: 50 }, auth);
      const byJob = new Map<string, number>(
        res.data.matchesForResume.nodes.map((n: any) => [n.job.id, n.score]),
      );
      return byJob;
    });
    expect(scores.get(remote.jobId)!).toBeGreaterThan(scores.get(onsite.jobId)! + 10);
    const remoteOnly = await matching.query(
      MATCHES,
      { r: resumeId, f: { remoteOnly: true }, first: 50 },
      auth,
    );
    expect(remoteOnly.data.matchesForResume.nodes.map((n: any) => n.job.id)).not.toContain(onsite.jobId);
  });

  it('follows a resume edit and announces match.found once per improvement', async () => {
    const job = posting({
      title: 'Senior Backend Engineer',
      requiredSkills: ['TypeScript', 'Node.js', 'GraphQL', 'Rust'],
      preferredSkills: [],
    });
    await publish('job.upserted', job, 'jobs');
    await jobKnown(job.jobId);
    const { resumeId, ownerId, auth } = await newResume();
    await publish(
      'user.preferences_updated',
      {
        userId: ownerId,
        desiredTitles: [],
        locations: [],
        remotePolicy: 'ANY',
        minimumSalary: null,
        salaryCurrency: null,
        seniority: null,
        openToRecruiters: false,
        matchThreshold: 40,
      },
      'users',
    );
    const before = await eventually(async () => {
      const res = await matching.query(MATCHES, { r: resumeId, first: 50 }, auth);
      return res.data.matchesForResume.nodes.find((n: any) => n.job.id === job.jobId);
    });
    expect(before.missingSkills).toEqual(expect.arrayContaining(['graphql', 'rust']));
    const announced = () =>
      found.filter((event) => event.data.resumeId === resumeId && event.data.jobId === job.jobId);
    await eventually(() => Promise.resolve(announced().length === 1));
    expect(announced()[0].data).toMatchObject({ ownerId, matchId: before.id, previousScore: null });

    // The same content again (a recompute) announces nothing new.
    await publish('resume.updated', { resumeId, ownerId, version: 1 }, 'resumes');
    await eventually(async () => {
      const [row] = await matching.em().execute('select 1 from match_queue where subject_id = ?', [resumeId]);
      return !row;
    });
    await upToDate(resumeId, auth, 1);

    // The edit adds GraphQL and Rust to the work chunk: the match improves and is announced again.
    await publish(
      'resume.parsed',
      parsed(resumeId, ownerId, 2, ' Designed the GraphQL API and rewrote the hot path in Rust.'),
      'resumes',
    );
    await upToDate(resumeId, auth, 2);
    const after = (
      await matching.query(MATCHES, { r: resumeId, first: 50 }, auth)
    ).data.matchesForResume.nodes.find((n: any) => n.job.id === job.jobId);
    expect(after.id).toBe(before.id);
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.matchedSkills).toEqual(expect.arrayContaining(['graphql', 'rust']));
    expect(after.evidence.find((item: any) => item.skill === 'rust')).toMatchObject({ chunkId: 'work-acme' });
    await eventually(() => Promise.resolve(announced().length === 2));
    expect(announced()[1].data).toMatchObject({
      score: after.score,
      previousScore: announced()[0].data.score,
    });
    expect(announced().length).toBe(2);

    // A closed job leaves the matches.
    await publish('job.closed', { jobId: job.jobId, postedById: null, reason: 'CLOSED' }, 'jobs');
    await eventually(async () => {
      const res = await matching.query(MATCHES, { r: resumeId, first: 50 }, auth);
      return !res.data.matchesForResume.nodes.some((n: any) => n.job.id === job.jobId);
    });
  });

  it('shows a posting’s recruiter only the candidates who opted in, without contact details', async () => {
    const recruiterId = randomUUID();
    const recruiter = bearer(await tokens.token({ userId: recruiterId, role: 'RECRUITER' }));
    const otherRecruiter = bearer(await tokens.token({ role: 'RECRUITER' }));
    const job = posting({ postedById: recruiterId, title: 'Staff Backend Engineer' });
    await publish('job.upserted', job, 'jobs');
    await jobKnown(job.jobId);
    // Preferences first (recruiters hear of matches announced while the owner is open to them), and
    // a low threshold: both matches are announced; only the open owner's reaches the recruiter.
    const openOwner = randomUUID();
    const closedOwner = randomUUID();
    for (const [ownerId, openToRecruiters] of [
      [openOwner, true],
      [closedOwner, false],
    ] as const) {
      await publish(
        'user.preferences_updated',
        {
          userId: ownerId,
          desiredTitles: [],
          locations: [],
          remotePolicy: 'ANY',
          minimumSalary: null,
          salaryCurrency: null,
          seniority: null,
          openToRecruiters,
          matchThreshold: 1,
        },
        'users',
      );
    }
    await eventually(
      async () =>
        (
          await matching
            .em()
            .execute('select 1 from owner_preferences where owner_id in (?, ?)', [openOwner, closedOwner])
        ).length === 2,
    );
    const open = await newResume(openOwner);
    const closed = await newResume(closedOwner);
    const candidates = await eventually(async () => {
      const res = await matching.query(CANDIDATES, { j: job.jobId }, recruiter);
      const nodes = res.data?.candidatesForJob.nodes as any[] | undefined;
      return nodes && nodes.some((n) => n.resume.id === open.resumeId) ? nodes : undefined;
    }, 20_000);
    const ids = candidates.map((n) => n.resume.id);
    expect(ids).not.toContain(closed.resumeId);
    const text = JSON.stringify(candidates);
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain('1234567');
    expect(
      (await matching.query(CANDIDATES, { j: job.jobId }, otherRecruiter)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await matching.query(CANDIDATES, { j: job.jobId }, open.auth)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await matching.query(CANDIDATES, { j: job.jobId }, admin)).data.candidatesForJob.totalCount).toBe(
      candidates.length,
    );
    await eventually(async () =>
      [open, closed].every(({ resumeId }) =>
        found.some((event) => event.data.resumeId === resumeId && event.data.jobId === job.jobId),
      ),
    );
    const announced = await eventually(async () =>
      candidatesFound.find(
        (event) => event.data.resumeId === open.resumeId && event.data.jobId === job.jobId,
      ),
    );
    const match = found.find(
      (event) => event.data.resumeId === open.resumeId && event.data.jobId === job.jobId,
    )!;
    expect(announced.data).toEqual({
      matchId: match.data.matchId,
      jobId: job.jobId,
      postedById: recruiterId,
      resumeId: open.resumeId,
      score: match.data.score,
      previousScore: match.data.previousScore,
    });
    expect(candidatesFound.filter((event) => event.data.resumeId === closed.resumeId)).toEqual([]);
  });

  it('recomputes on read only for queued postings that concern the resume', async () => {
    const job = posting({});
    await publish('job.upserted', job, 'jobs');
    await jobKnown(job.jobId);
    const { resumeId, auth } = await newResume();
    const em = matching.em();
    const matchedAt = async () =>
      String(
        (await em.execute('select matched_at from resume_profiles where resume_id = ?', [resumeId]))[0]
          .matched_at,
      );
    const computedAt = async () =>
      (
        await em.execute<{ job_id: string; computed_at: Date }[]>(
          'select job_id, computed_at from matches where resume_id = ? order by job_id',
          [resumeId],
        )
      ).map((row) => `${row.job_id}@${new Date(row.computed_at).toISOString()}`);
    const [{ model, embedding }] = await em.execute<{ model: string; embedding: string }[]>(
      'select model, embedding::text as embedding from resume_vectors where resume_id = ?',
      [resumeId],
    );
    const vector = JSON.parse(embedding) as number[];
    const unrelated = newId();
    const related = newId();
    // Postings matching knows (embedded, open): one pointing away from this resume, one right at it.
    for (const [jobId, direction] of [
      [unrelated, -1],
      [related, 1],
    ] as const) {
      await em.execute(
        `insert into job_embeddings (job_id, model, dims, embedding, content_hash, open, updated_at)
         values (?, ?, ?, ?::vector, 'h', true, now())`,
        [jobId, model, vector.length, `[${vector.map((x) => x * direction).join(',')}]`],
      );
    }
    // Queued for an hour, so the worker leaves them: only a read could act on them.
    const queue = (jobId: string) =>
      em.execute(
        "insert into match_queue (kind, subject_id, due_at) values ('job', ?, now() + interval '1 hour')",
        [jobId],
      );
    try {
      const before = { matchedAt: await matchedAt(), rows: await computedAt() };
      expect(before.rows.some((row) => row.startsWith(job.jobId))).toBe(true);
      await queue(unrelated);
      const read = await matching.query(MATCHES, { r: resumeId, first: 50 }, auth);
      expect(read.errors).toBeUndefined();
      expect(read.data.matchesForResume.nodes.map((n: any) => n.job.id)).toContain(job.jobId);
      // Served from the stored results: nothing recomputed for a posting elsewhere.
      expect(await matchedAt()).toBe(before.matchedAt);
      expect(await computedAt()).toEqual(before.rows);
      // A queued posting that would enter this resume's list is computed before answering.
      await queue(related);
      await matching.query(MATCHES, { r: resumeId, first: 50 }, auth);
      expect(await matchedAt()).not.toBe(before.matchedAt);
    } finally {
      await em.execute('delete from match_queue where subject_id in (?, ?)', [unrelated, related]);
      await em.execute('delete from job_embeddings where job_id in (?, ?)', [unrelated, related]);
    }
  });

  it('forgets a deleted resume and a deleted account', async () => {
    const a = await newResume();
    const b = await newResume();
    await publish('resume.deleted', { resumeId: a.resumeId, ownerId: a.ownerId }, 'resumes');
    await publish('user.deleted', { userId: b.ownerId }, 'users');
    await eventually(async () => {
      const rows = await matching.em().execute(
        `select (select count(*) from matches where resume_id in (?, ?)) + (select count(*) from resume_chunks where resume_id in (?, ?))
             + (select count(*) from resume_vectors where resume_id in (?, ?)) as n`,
        [a.resumeId, b.resumeId, a.resumeId, b.resumeId, a.resumeId, b.resumeId],
      );
      return Number(rows[0].n) === 0;
    });
    // A late resume.parsed does not bring the deleted resume back.
    await publish('resume.parsed', parsed(a.resumeId, a.ownerId, 5), 'resumes');
    await publish('resume.created', { resumeId: newId(), ownerId: randomUUID() }, 'resumes');
    const probe = newId();
    await publish('resume.parsed', parsed(probe, randomUUID(), 1), 'resumes');
    await eventually(
      async () =>
        (await matching.em().execute('select 1 from resume_profiles where resume_id = ?', [probe]))[0],
    );
    expect(
      await matching.em().execute('select 1 from resume_profiles where resume_id = ?', [a.resumeId]),
    ).toEqual([]);
  });

  it('re-embeds everything in the background when the model changes, with progress', async () => {
    const before = await matching.query(
      '{ reembedStatus { model jobsTotal jobsEmbedded resumesTotal resumesEmbedded staleVectors done } }',
      {},
      admin,
    );
    expect(before.data.reembedStatus).toMatchObject({ done: true, staleVectors: 0 });
    expect(before.data.reembedStatus.jobsTotal).toBeGreaterThan(4);
    const user = bearer(await tokens.token());
    expect((await matching.query('{ reembedStatus { done } }', {}, user)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );

    const server = await startEmbeddingServer();
    stopped = true;
    await matching.subgraph.stop();
    const switched = await startTestSubgraph(matchingSubgraph, {
      ns: matching.ns,
      env: {
        AUTH_JWKS_URL: tokens.jwksUrl,
        EMBEDDINGS_PROVIDER: 'openai',
        OPENAI_BASE_URL: server.url,
        OPENAI_API_KEY: 'test',
        EMBEDDINGS_DIMENSIONS: '384',
        MATCHING_REEMBED_BATCH_SIZE: '2',
        MATCHING_REEMBED_PAUSE_MS: '150',
      },
    });
    try {
      const STATUS_Q =
        '{ reembedStatus { model running jobsTotal jobsEmbedded resumesTotal resumesEmbedded staleVectors done } }';
      const seen: any[] = [];
      const final = await eventually(async () => {
        const status = (await switched.query(STATUS_Q, {}, admin)).data.reembedStatus;
        seen.push(status);
        return status.done ? status : undefined;
      }, 30_000);
      expect(final.model).toBe('text-embedding-3-small');
      expect(final.jobsEmbedded).toBe(final.jobsTotal);
      expect(final.resumesEmbedded).toBe(final.resumesTotal);
      // Progress was visible on the way: some but not all rows done while running.
      expect(
        seen.some((s) => s.running && s.jobsEmbedded + s.resumesEmbedded < s.jobsTotal + s.resumesTotal),
      ).toBe(true);
      const [{ models }] = await switched
        .em()
        .execute('select array_agg(distinct model) as models from job_embeddings');
      expect(models).toEqual(['text-embedding-3-small']);
    } finally {
      await switched.stop();
      await server.close();
      await matching.ns.cleanup();
    }
  });
});
