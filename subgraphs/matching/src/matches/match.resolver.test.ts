import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createEvent } from '@hiregraph/libs/events/envelope';
import { newId } from '@hiregraph/libs/ids';
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
import { matchingSubgraph } from '../subgraph.js';
import { KnownResume } from '../known-resumes/known-resume.entity.js';
import { KnownResumeService } from '../known-resumes/known-resume.service.js';
import { MatchService } from './match.service.js';
import { Match } from './match.entity.js';

const RECORD = `mutation ($input: RecordMatchInput!) { recordMatch(input: $input) { id score resume { id } job { id } } }`;

describe('matching subgraph', () => {
  let matching: TestSubgraph;
  let tokens: TestTokenIssuer;
  let admin: Record<string, string>;
  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    matching = await startTestSubgraph(matchingSubgraph, { env: { AUTH_JWKS_URL: tokens.jwksUrl } });
    admin = bearer(await tokens.token({ role: 'ADMIN' }));
  });
  afterAll(async () => {
    await matching.stop();
    await tokens.close();
  });

  /** A resume the matching subgraph has heard of through resume.created. */
  const knownResume = async (ownerId = randomUUID()) => {
    const resumeId = newId();
    await matching.subgraph.runtime.bus.publish(
      createEvent('resume.created', { resumeId, ownerId }, { producer: 'resumes' }),
    );
    await eventually(() => matching.em().findOne(KnownResume, { resumeId }));
    return { resumeId, ownerId };
  };

  it('has committed migrations that match its entities, with pgvector available', async () => {
    expect(await schemaDrift(matching.subgraph)).toBe('');
    const [row] = await matching
      .em()
      .execute<{ distance: number }[]>("select '[1,0]'::vector <=> '[0,1]'::vector as distance");
    expect(row.distance).toBeCloseTo(1);
  });

  it('records a match once per (resume, job), updating its score', async () => {
    const { resumeId, ownerId } = await knownResume();
    const input = { resumeId, jobId: newId(), score: 0.4 };
    const first = await matching.query(RECORD, { input }, admin);
    expect(first.data.recordMatch).toMatchObject({
      score: 0.4,
      resume: { id: resumeId },
      job: { id: input.jobId },
    });
    const second = await matching.query(RECORD, { input: { ...input, score: 0.9 } }, admin);
    expect(second.data.recordMatch.id).toBe(first.data.recordMatch.id);
    const LIST = 'query ($r: ID!) { matchesForResume(resumeId: $r) { score } }';
    const owner = bearer(await tokens.token({ userId: ownerId }));
    expect((await matching.query(LIST, { r: resumeId }, owner)).data.matchesForResume).toEqual([
      { score: 0.9 },
    ]);
    const stranger = bearer(await tokens.token());
    expect((await matching.query(LIST, { r: resumeId }, stranger)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await matching.query(RECORD, { input }, owner)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects scores outside 0..1, malformed ids and unknown resumes', async () => {
    const { resumeId } = await knownResume();
    const res = await matching.query(RECORD, { input: { resumeId, jobId: newId(), score: 1.5 } }, admin);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
    const bad = await matching.query(RECORD, { input: { resumeId: 'x', jobId: newId(), score: 0.5 } }, admin);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resumeId' });
    const unknown = await matching.query(
      RECORD,
      { input: { resumeId: newId(), jobId: newId(), score: 0.5 } },
      admin,
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resumeId' });
  });

  it('forgets matches of deleted resumes, jobs and users', async () => {
    const a = await knownResume();
    const b = await knownResume();
    const jobId = newId();
    await matching.query(RECORD, { input: { resumeId: a.resumeId, jobId, score: 0.5 } }, admin);
    await matching.query(RECORD, { input: { resumeId: b.resumeId, jobId: newId(), score: 0.5 } }, admin);
    const { bus } = matching.subgraph.runtime;
    await bus.publish(
      createEvent('job.closed', { jobId, postedById: randomUUID(), reason: 'CLOSED' }, { producer: 'jobs' }),
    );
    await eventually(async () => (await matching.em().count(Match, { jobId })) === 0);
    await bus.publish(createEvent('user.deleted', { userId: b.ownerId }, { producer: 'users' }));
    await eventually(async () => (await matching.em().count(Match, { ownerId: b.ownerId })) === 0);
    expect(await matching.em().count(KnownResume, { ownerId: b.ownerId })).toBe(0);
  });

  it('ignores a resume.created that arrives after the resume’s deletion, and refuses matches to removed jobs', async () => {
    const resumeId = newId();
    const ownerId = randomUUID();
    const { bus } = matching.subgraph.runtime;
    await bus.publish(createEvent('resume.deleted', { resumeId, ownerId }, { producer: 'resumes' }));
    await eventually(
      async () => (await matching.em().execute('select 1 from tombstones where id = ?', [resumeId]))[0],
    );
    const late = createEvent('resume.created', { resumeId, ownerId }, { producer: 'resumes' });
    await bus.publish(late);
    await eventually(
      async () =>
        (await matching.em().execute('select 1 from processed_events where event_id = ?', [late.id]))[0],
    );
    expect(await matching.em().count(KnownResume, { resumeId })).toBe(0);

    const known = await knownResume();
    const jobId = newId();
    await bus.publish(
      createEvent('job.closed', { jobId, postedById: randomUUID(), reason: 'CLOSED' }, { producer: 'jobs' }),
    );
    await eventually(
      async () => (await matching.em().execute('select 1 from tombstones where id = ?', [jobId]))[0],
    );
    const res = await matching.query(
      RECORD,
      { input: { resumeId: known.resumeId, jobId, score: 0.5 } },
      admin,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jobId' });
  });

  // Each deletion runs in a transaction this test holds open until every racing recording has gone as
  // far as it can (finished, or waiting for a lock): the worst interleaving, on every run.
  it('leaves no match behind when recordings race a job’s or an owner’s deletion', async () => {
    const resumesOfOthers = await Promise.all([knownResume(), knownResume(), knownResume()]);
    const jobId = newId();
    let recordings: Promise<GraphQLResponse>[] = [];
    await matching.em().transactional(async (tx) => {
      await MatchService.forgetJob(tx, jobId);
      recordings = resumesOfOthers.map(({ resumeId }) =>
        matching.query(RECORD, { input: { resumeId, jobId, score: 0.5 } }, admin),
      );
      await untilSettledOrBlocked(matching.em(), recordings);
    });
    for (const result of await Promise.all(recordings))
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jobId' });
    expect(await matching.em().count(Match, { jobId })).toBe(0);

    const { resumeId, ownerId } = await knownResume();
    await matching.em().transactional(async (tx) => {
      await KnownResumeService.forgetOwner(tx, ownerId);
      recordings = [1, 2, 3].map(() =>
        matching.query(RECORD, { input: { resumeId, jobId: newId(), score: 0.5 } }, admin),
      );
      await untilSettledOrBlocked(matching.em(), recordings);
    });
    for (const result of await Promise.all(recordings))
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resumeId' });
    expect(await matching.em().count(Match, { ownerId })).toBe(0);
  });
});
