import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
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
import { verifyWebhookSignature, WebhookHeaders } from '@hiregraph/platform/webhooks/signature';
import { matchingSubgraph } from '../subgraph.js';

const CREATE = `mutation ($input: CreateRequirementsInput!) {
  createRequirements(input: $input) { id title years requiredSkills preferredSkills qualifications }
}`;
const ANALYZE = `mutation ($r: ID!, $t: AnalysisTarget!, $cb: String) {
  analyzeResume(resumeId: $r, target: $t, callbackUrl: $cb) { id status score callbackSecret callbackStatus }
}`;
const ANALYSIS = `query ($id: ID!) {
  analysis(id: $id) {
    id status score verdict recommendation failureReason callbackStatus completedAt
    matches { requirement kind key status evidence { chunkId text } }
    requirements { id } job { id } resume { id }
  }
}`;
const ANALYSES = `query ($r: ID!) { analyses(resumeId: $r) { totalCount nodes { id status } } }`;

type Parsed = EventData<'resume.parsed'>;

/** A resume that shows exactly `skills`, each in a work chunk of its own. */
function resumeShowing(resumeId: string, ownerId: string, skills: string[]): Parsed {
  const chunks = [
    { id: 'summary', kind: 'SUMMARY' as const, text: 'Engineer. Reach me at ada@example.com.' },
    ...skills.map((skill, index) => ({
      id: `work-${index}`,
      kind: 'WORK' as const,
      text: `Software Engineer at Company ${index}: built services with ${skill}.`,
    })),
  ];
  return {
    resumeId,
    ownerId,
    version: 1,
    markdown: chunks.map((chunk) => chunk.text).join('\n\n'),
    skills: skills.map((name) => ({ name, raw: name })),
    work: [{ itemId: randomUUID(), position: 'Software Engineer', startDate: '2016-01', current: true }],
    totalYears: 8,
    education: [],
    chunks,
  };
}

const FIVE_REQUIREMENTS =
  'We build developer tools.\n\nRequirements:\n- TypeScript\n- PostgreSQL\n- Rust\n- Haskell\n- Erlang\n';

describe('requirements and analyses', () => {
  let matching: TestSubgraph;
  let tokens: TestTokenIssuer;
  let admin: Record<string, string>;
  let receiver: Server;
  let receiverUrl: string;
  let flakyUrl: string;
  const received: { headers: IncomingHttpHeaders; body: string; url?: string }[] = [];
  const completed: EventEnvelope<'analysis.completed'>[] = [];
  const created: EventEnvelope<'requirements.created'>[] = [];

  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    receiver = createServer(async (request, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      received.push({ headers: request.headers, body });
      // '/flaky' fails its first delivery: the worker must retry it.
      const flaky = request.url === '/flaky' && received.filter((item) => item.url === '/flaky').length === 0;
      received[received.length - 1].url = request.url ?? '';
      response.writeHead(flaky ? 503 : 204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    flakyUrl = receiverUrl.replace('/hook', '/flaky');
    matching = await startTestSubgraph(matchingSubgraph, {
      env: {
        AUTH_JWKS_URL: tokens.jwksUrl,
        MATCHING_DEBOUNCE_MS: '100',
        MATCHING_POLL_MS: '50',
        ANALYSIS_CALLBACKS_ALLOW_PRIVATE_NETWORKS: 'true',
        // Fresh users per test; the quota test spends a USER's whole day.
        AI_DAILY_QUOTA_USER: '4',
        AI_RATE_PER_MINUTE_USER: '100',
        AI_RATE_PER_MINUTE_RECRUITER: '2',
      },
    });
    admin = bearer(await tokens.token({ role: 'ADMIN' }));
    await matching.subgraph.runtime.bus.subscribe('analysis.completed', 'test_completed', async (event) => {
      completed.push(event);
    });
    await matching.subgraph.runtime.bus.subscribe(
      'requirements.created',
      'test_req_created',
      async (event) => {
        created.push(event);
      },
    );
  });
  afterAll(async () => {
    await matching.stop();
    await tokens.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const publish = <Type extends Parameters<typeof createEvent>[0]>(
    type: Type,
    data: Parameters<typeof createEvent<Type>>[1],
    producer: string,
  ) => matching.subgraph.runtime.bus.publish(createEvent(type, data, { producer }));

  /** A parsed resume of a new user (its profile and vectors projected). */
  async function newResume(skills: string[], role: 'USER' | 'RECRUITER' = 'USER') {
    const ownerId = randomUUID();
    const resumeId = newId();
    await publish('resume.created', { resumeId, ownerId }, 'resumes');
    await publish('resume.parsed', resumeShowing(resumeId, ownerId, skills), 'resumes');
    await eventually(
      async () =>
        (await matching.em().execute('select 1 from resume_vectors where resume_id = ?', [resumeId]))[0],
    );
    return { resumeId, ownerId, auth: bearer(await tokens.token({ userId: ownerId, role })) };
  }

  async function requirementsOf(auth: Record<string, string>, text = FIVE_REQUIREMENTS) {
    const res = await matching.query(CREATE, { input: { title: 'Backend Engineer', text } }, auth);
    expect(res.errors).toBeUndefined();
    return res.data.createRequirements as { id: string; requiredSkills: string[] };
  }

  const finished = (id: string, auth: Record<string, string>) =>
    eventually(async () => {
      const res = await matching.query(ANALYSIS, { id }, auth);
      const analysis = res.data?.analysis;
      return analysis && analysis.status !== 'IN_PROGRESS' ? analysis : undefined;
    }, 20_000);

  async function analyze(resumeId: string, target: object, auth: Record<string, string>, cb?: string) {
    const res = await matching.query(ANALYZE, { r: resumeId, t: target, cb }, auth);
    expect(res.errors).toBeUndefined();
    expect(res.data.analyzeResume.status).toBe('IN_PROGRESS');
    return res.data.analyzeResume as { id: string; callbackSecret: string | null };
  }

  it('has committed migrations that match its entities', async () => {
    expect(await schemaDrift(matching.subgraph)).toBe('');
  });

  it('keeps requirements with what was extracted, lists and deletes them, with events', async () => {
    const { auth, ownerId } = await newResume(['TypeScript']);
    const text = `${FIVE_REQUIREMENTS}- 5+ years of experience\n\nNice to have:\n- Terraform\n`;
    const requirements = await requirementsOf(auth, text);
    expect(requirements).toMatchObject({
      years: 5,
      requiredSkills: ['typescript', 'postgresql', 'rust', 'haskell', 'erlang'],
      preferredSkills: ['terraform'],
    });
    await eventually(async () => created.find((event) => event.data.requirementsId === requirements.id));
    expect(created.find((event) => event.data.requirementsId === requirements.id)!.data.ownerId).toBe(
      ownerId,
    );
    const list = await matching.query('{ myRequirements { totalCount nodes { id } } }', {}, auth);
    expect(list.data.myRequirements).toEqual({ totalCount: 1, nodes: [{ id: requirements.id }] });

    const stranger = bearer(await tokens.token({ userId: randomUUID() }));
    const peek = await matching.query(
      'query ($id: ID!) { requirements(id: $id) { id } }',
      { id: requirements.id },
      stranger,
    );
    expect(peek.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const strangerDelete = await matching.query(
      'mutation ($id: ID!) { deleteRequirements(id: $id) }',
      { id: requirements.id },
      stranger,
    );
    expect(strangerDelete.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const empty = await matching.query(CREATE, { input: { title: 'X', text: '  ' } }, auth);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    const badUpload = await matching.query(CREATE, { input: { title: 'X', uploadId: 'nope' } }, auth);
    expect(badUpload.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'uploadId' });
    const both = await matching.query(
      CREATE,
      { input: { title: 'X', text: 'Rust', uploadId: newId() } },
      auth,
    );
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'uploadId' });

    const deleted = await matching.query(
      'mutation ($id: ID!) { deleteRequirements(id: $id) }',
      { id: requirements.id },
      auth,
    );
    expect(deleted.data.deleteRequirements).toBe(true);
    const after = await matching.query('{ myRequirements { totalCount } }', {}, auth);
    expect(after.data.myRequirements.totalCount).toBe(0);
  });

  it('caps the score by the key requirements met, with evidence for what is met', async () => {
    const all = await newResume(['TypeScript', 'PostgreSQL', 'Rust', 'Haskell', 'Erlang']);
    const two = await newResume(['TypeScript', 'PostgreSQL']);
    const one = await newResume(['TypeScript']);
    const results: Record<string, any> = {};
    for (const [name, subject] of Object.entries({ all, two, one })) {
      const requirements = await requirementsOf(subject.auth);
      const { id } = await analyze(subject.resumeId, { requirementsId: requirements.id }, subject.auth);
      results[name] = await finished(id, subject.auth);
      expect(results[name].status).toBe('SUCCEEDED');
      expect(results[name].requirements.id).toBe(requirements.id);
    }
    // All five met: no cap, a real fit.
    expect(results.all.score).toBeGreaterThan(40);
    expect(results.all.matches.every((match: any) => match.status === 'MET')).toBe(true);
    // Two of five: at most 40.
    expect(results.two.score).toBeLessThanOrEqual(40);
    expect(results.two.score).toBeGreaterThan(0);
    expect(results.two.recommendation).toMatch(/Only 2 of 5 key requirements/);
    const typescript = results.two.matches.find((match: any) => match.requirement === 'typescript');
    expect(typescript).toMatchObject({ kind: 'SKILL', key: true, status: 'MET' });
    expect(typescript.evidence.text).toContain('TypeScript');
    expect(typescript.evidence.chunkId).toMatch(/^work-/);
    const rust = results.two.matches.find((match: any) => match.requirement === 'rust');
    expect(rust).toMatchObject({ status: 'MISSING', evidence: null });
    // One of five: at most 20.
    expect(results.one.score).toBeLessThanOrEqual(20);
    expect(results.one.verdict).toBe('WEAK');
    for (const result of Object.values(results)) {
      const event = completed.find((item) => item.data.analysisId === result.id);
      expect(event?.data).toMatchObject({
        status: 'SUCCEEDED',
        score: result.score,
        verdict: result.verdict,
      });
    }
  });

  it('reports a failure like a success: FAILED with a reason, analysis.completed and the callback', async () => {
    // Known (resume.created) but never parsed: nothing to analyse.
    const ownerId = randomUUID();
    const resumeId = newId();
    await publish('resume.created', { resumeId, ownerId }, 'resumes');
    await eventually(
      async () =>
        (await matching.em().execute('select 1 from known_resumes where resume_id = ?', [resumeId]))[0],
    );
    const auth = bearer(await tokens.token({ userId: ownerId }));
    const requirements = await requirementsOf(auth);
    const unparsed = await analyze(resumeId, { requirementsId: requirements.id }, auth, receiverUrl);
    const failed = await finished(unparsed.id, auth);
    expect(failed).toMatchObject({ status: 'FAILED', score: null, verdict: null });
    expect(failed.failureReason).toMatch(/not parsed yet/);
    await eventually(async () => completed.find((event) => event.data.analysisId === unparsed.id));
    expect(completed.find((event) => event.data.analysisId === unparsed.id)!.data).toMatchObject({
      status: 'FAILED',
      reason: failed.failureReason,
    });
    const delivery = await eventually(async () =>
      received.find((item) => JSON.parse(item.body).data.analysisId === unparsed.id),
    );
    expect(JSON.parse(delivery.body).data).toMatchObject({ status: 'FAILED', reason: failed.failureReason });

    // A job matching has never heard of.
    const parsed = await newResume(['TypeScript']);
    const unknownJob = await analyze(parsed.resumeId, { jobId: newId() }, parsed.auth);
    const noJob = await finished(unknownJob.id, parsed.auth);
    expect(noJob).toMatchObject({ status: 'FAILED' });
    expect(noJob.failureReason).toMatch(/job posting is unknown/);
    await eventually(async () => completed.find((event) => event.data.analysisId === unknownJob.id));
  });

  it('POSTs the result to the callbackUrl, signed with the secret returned once', async () => {
    const subject = await newResume(['TypeScript', 'PostgreSQL', 'Rust']);
    const requirements = await requirementsOf(subject.auth);
    const { id, callbackSecret } = await analyze(
      subject.resumeId,
      { requirementsId: requirements.id },
      subject.auth,
      receiverUrl,
    );
    expect(callbackSecret).toMatch(/^whsec_/);
    const delivery = await eventually(async () =>
      received.find((item) => JSON.parse(item.body).data.analysisId === id),
    );
    const body = JSON.parse(delivery.body);
    expect(body.type).toBe('analysis.completed');
    expect(body.data).toMatchObject({ analysisId: id, resumeId: subject.resumeId, status: 'SUCCEEDED' });
    const signed = (secret: string) =>
      verifyWebhookSignature({
        secret,
        body: delivery.body,
        timestamp: String(delivery.headers[WebhookHeaders.timestamp.toLowerCase()]),
        signatureHeader: String(delivery.headers[WebhookHeaders.signature.toLowerCase()]),
      });
    expect(signed(callbackSecret!)).toBe(true);
    expect(signed('whsec_another')).toBe(false);
    // The callback carries the analysis.completed event itself (its id dedupes retries).
    const event = await eventually(async () => completed.find((item) => item.data.analysisId === id));
    expect(body.id).toBe(event.id);
    const done = await eventually(async () => {
      const analysis = (await matching.query(ANALYSIS, { id }, subject.auth)).data.analysis;
      return analysis.callbackStatus === 'DELIVERED' ? analysis : undefined;
    });
    expect(done.status).toBe('SUCCEEDED');
    // The secret is shown once and dropped once delivered.
    const again = await matching.query(
      'query ($id: ID!) { analysis(id: $id) { callbackSecret } }',
      { id },
      subject.auth,
    );
    expect(again.data.analysis.callbackSecret).toBeNull();
    const [row] = await matching
      .em()
      .execute('select callback_secret_sealed from analyses where id = ?', [id]);
    expect(row.callback_secret_sealed).toBeNull();

    const bad = await matching.query(
      ANALYZE,
      { r: subject.resumeId, t: { requirementsId: requirements.id }, cb: 'ftp://example.com/x' },
      subject.auth,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'callbackUrl' });
  });

  it('retries a callback the receiver failed, with the same event id', async () => {
    const subject = await newResume(['TypeScript']);
    const requirements = await requirementsOf(subject.auth);
    const { id } = await analyze(
      subject.resumeId,
      { requirementsId: requirements.id },
      subject.auth,
      flakyUrl,
    );
    await eventually(async () => {
      const analysis = (await matching.query(ANALYSIS, { id }, subject.auth)).data.analysis;
      return analysis.callbackStatus === 'DELIVERED';
    });
    const deliveries = received.filter((item) => item.url === '/flaky');
    expect(deliveries).toHaveLength(2);
    expect(JSON.parse(deliveries[0].body).id).toBe(JSON.parse(deliveries[1].body).id);
    const [row] = await matching.em().execute('select callback_attempts from analyses where id = ?', [id]);
    expect(row.callback_attempts).toBe(2);
  });

  it("refuses another user's resume or requirements, and both targets at once", async () => {
    const owner = await newResume(['TypeScript']);
    const other = await newResume(['TypeScript']);
    const ownRequirements = await requirementsOf(owner.auth);
    const otherRequirements = await requirementsOf(other.auth);
    const theirs = await matching.query(
      ANALYZE,
      { r: other.resumeId, t: { requirementsId: ownRequirements.id } },
      owner.auth,
    );
    expect(theirs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const theirRequirements = await matching.query(
      ANALYZE,
      { r: owner.resumeId, t: { requirementsId: otherRequirements.id } },
      owner.auth,
    );
    expect(theirRequirements.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Not even an admin mixes one user's requirements with another's resume.
    const mixed = await matching.query(
      ANALYZE,
      { r: owner.resumeId, t: { requirementsId: otherRequirements.id } },
      admin,
    );
    expect(mixed.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const both = await matching.query(
      ANALYZE,
      { r: owner.resumeId, t: { requirementsId: ownRequirements.id, jobId: newId() } },
      owner.auth,
    );
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'target' });

    const { id } = await analyze(owner.resumeId, { requirementsId: ownRequirements.id }, owner.auth);
    await finished(id, owner.auth);
    const peek = await matching.query(ANALYSIS, { id }, other.auth);
    expect(peek.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const list = await matching.query(ANALYSES, { r: owner.resumeId }, other.auth);
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const strangerDelete = await matching.query(
      'mutation ($id: ID!) { deleteAnalysis(id: $id) }',
      { id },
      other.auth,
    );
    expect(strangerDelete.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mine = await matching.query(ANALYSES, { r: owner.resumeId }, owner.auth);
    expect(mine.data.analyses).toEqual({ totalCount: 1, nodes: [{ id, status: 'SUCCEEDED' }] });
    const byAdmin = await matching.query(ANALYSES, { r: owner.resumeId }, admin);
    expect(byAdmin.data.analyses.totalCount).toBe(1);
    const deleted = await matching.query(
      'mutation ($id: ID!) { deleteAnalysis(id: $id) }',
      { id },
      owner.auth,
    );
    expect(deleted.data.deleteAnalysis).toBe(true);
    expect((await matching.query(ANALYSES, { r: owner.resumeId }, owner.auth)).data.analyses.totalCount).toBe(
      0,
    );
  });

  it("aims a cover letter at your own requirements, never at another user's", async () => {
    const owner = await newResume(['TypeScript', 'PostgreSQL']);
    const other = await newResume(['TypeScript']);
    const own = await requirementsOf(owner.auth);
    const theirs = await requirementsOf(other.auth);
    const letter = `mutation ($r: ID!, $q: ID!) {
      generateCoverLetter(resumeId: $r, target: { requirementsId: $q }) { text claimsRemoved }
    }`;
    const res = await matching.query(letter, { r: owner.resumeId, q: own.id }, owner.auth);
    expect(res.errors).toBeUndefined();
    expect(res.data.generateCoverLetter.text).toMatch(/Backend Engineer/);
    const refused = await matching.query(letter, { r: owner.resumeId, q: theirs.id }, owner.auth);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('limits analyses per minute and per day, with retryAfter', async () => {
    const user = await newResume(['TypeScript']);
    const requirements = await requirementsOf(user.auth);
    const target = { requirementsId: requirements.id };
    for (let i = 0; i < 4; i++) await analyze(user.resumeId, target, user.auth);
    const overQuota = await matching.query(ANALYZE, { r: user.resumeId, t: target }, user.auth);
    expect(overQuota.errors?.[0].extensions?.code).toBe('QUOTA_EXCEEDED');
    const retryAfter = overQuota.errors?.[0].extensions?.retryAfter as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    // Refused requests leave nothing behind.
    const [{ count }] = await matching
      .em()
      .execute('select count(*) from analyses where resume_id = ?', [user.resumeId]);
    expect(Number(count)).toBe(4);

    const recruiter = await newResume(['TypeScript'], 'RECRUITER');
    const own = await requirementsOf(recruiter.auth);
    for (let i = 0; i < 2; i++) await analyze(recruiter.resumeId, { requirementsId: own.id }, recruiter.auth);
    const tooFast = await matching.query(
      ANALYZE,
      { r: recruiter.resumeId, t: { requirementsId: own.id } },
      recruiter.auth,
    );
    expect(tooFast.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(tooFast.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    expect(tooFast.errors?.[0].extensions?.retryAfter).toBeLessThanOrEqual(60);
  });
});
