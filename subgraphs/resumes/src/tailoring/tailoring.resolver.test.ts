import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { createEvent, type EventEnvelope } from '@hiregraph/platform/events/envelope';
import { newId } from '@hiregraph/platform/ids';
import { readLlmUsage } from '@hiregraph/ai/llm-usage';
import { eventually } from '@hiregraph/platform/testing/namespace';
import {
  startChatCompletionsServer,
  type ChatCompletionsServer,
  type ChatRequestBody,
} from '@hiregraph/ai/testing/chat-completions-server';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { resumesSubgraph } from '../subgraph.js';
import { TailoringTarget } from '../targets/target.entity.js';
import { JOB_DESCRIPTION_SECRETS, jobUpsertedData } from '@hiregraph/platform/testing/events';

const CREATE = `mutation ($input: CreateResumeInput!) { createResume(input: $input) { id version } }`;
const RESUME_FIELDS = 'id version markdown basics { summary } skills { name keywords } work { highlights }';
const TAILOR = `mutation ($r: ID!, $t: GenerationTarget!) { tailorResume(resumeId: $r, target: $t) { ${RESUME_FIELDS} } }`;
const SNAPSHOTS = 'query ($r: ID!) { snapshots(resumeId: $r) { name version } }';
const RESUME = `query ($id: ID!) { resume(id: $id) { ${RESUME_FIELDS} } }`;

const resumeInput = {
  title: 'CV',
  basics: {
    name: 'Ada Byron',
    label: 'Backend Engineer',
    email: 'ada@example.com',
    phone: '+49 170 1234567',
    summary: 'I build reliable services.',
  },
  work: [
    {
      name: 'Acme',
      position: 'Senior Backend Engineer',
      startDate: '2017-01',
      highlights: ['Organised team offsites', 'Ran PostgreSQL replication', 'Wrote TypeScript services'],
    },
  ],
  skills: [
    { name: 'Design', keywords: ['Figma'] },
    { name: 'Languages', keywords: ['Python', 'TypeScript'] },
    { name: 'Databases', keywords: ['PostgreSQL'] },
  ],
};
const allSkills = (resume: { skills: { name: string; keywords: string[] }[] }) =>
  resume.skills.flatMap((group) => [group.name, ...group.keywords]).sort();

const job = (overrides: Partial<EventData<'job.upserted'>> = {}) =>
  jobUpsertedData({ requiredSkills: ['typescript', 'postgresql', 'kubernetes'], ...overrides });

/** A resumes subgraph, a token issuer, and helpers shared by both providers' suites. */
function harness(env: () => Record<string, string>) {
  const state = {} as {
    resumes: TestSubgraph;
    tokens: TestTokenIssuer;
    updated: EventEnvelope<'resume.updated'>[];
  };
  beforeAll(async () => {
    state.tokens = await startTestTokenIssuer();
    state.resumes = await startTestSubgraph(resumesSubgraph, {
      env: { AUTH_JWKS_URL: state.tokens.jwksUrl, ...env() },
    });
    state.updated = [];
    await state.resumes.subgraph.runtime.bus.subscribe('resume.updated', 'test_updated', async (event) => {
      state.updated.push(event);
    });
  });
  afterAll(async () => {
    await state.resumes?.stop();
    await state.tokens?.close();
  });
  const publish = <Type extends Parameters<typeof createEvent>[0]>(
    type: Type,
    data: Parameters<typeof createEvent<Type>>[1],
    producer: string,
  ) => state.resumes.subgraph.runtime.bus.publish(createEvent(type, data, { producer }));
  const projected = (id: string, closed = false) =>
    eventually(async () => {
      const target = await state.resumes.em().findOne(TailoringTarget, { id });
      return target && !!target.closedAt === closed ? target : undefined;
    });
  return {
    state,
    as: async (userId: string, role: 'USER' | 'RECRUITER' | 'ADMIN' = 'USER') =>
      bearer(await state.tokens.token({ userId, role })),
    publish,
    query: (query: string, variables: Record<string, unknown>, headers?: Record<string, string>) =>
      state.resumes.query(query, variables, headers),
    async newJob(overrides: Partial<EventData<'job.upserted'>> = {}) {
      const data = job(overrides);
      await publish('job.upserted', data, 'jobs');
      await projected(data.jobId);
      return data.jobId;
    },
    async closeJob(jobId: string) {
      await publish('job.closed', { jobId, postedById: null, reason: 'CLOSED' }, 'jobs');
      await projected(jobId, true);
    },
    async newRequirements(ownerId: string) {
      const requirementsId = newId();
      await publish(
        'requirements.created',
        {
          requirementsId,
          ownerId,
          title: 'Platform Engineer',
          requiredSkills: ['postgresql'],
          preferredSkills: ['typescript'],
        },
        'matching',
      );
      await projected(requirementsId);
      return requirementsId;
    },
    async deleteRequirements(requirementsId: string, ownerId: string) {
      await publish('requirements.deleted', { requirementsId, ownerId }, 'matching');
      await projected(requirementsId, true);
    },
    async newResume(role: 'USER' | 'RECRUITER' = 'USER') {
      const ownerId = randomUUID();
      const auth = bearer(await state.tokens.token({ userId: ownerId, role }));
      const res = await state.resumes.query(CREATE, { input: resumeInput }, auth);
      expect(res.errors).toBeUndefined();
      return { ownerId, auth, resumeId: res.data!.createResume.id as string };
    },
  };
}

describe('tailorResume (local provider)', () => {
  const h = harness(() => ({
    // Fresh users per test; the quota test spends a USER's whole day, the rate test a recruiter's minute.
    AI_DAILY_QUOTA_USER: '3',
    AI_RATE_PER_MINUTE_USER: '100',
    AI_RATE_PER_MINUTE_RECRUITER: '1',
  }));

  it('keeps a snapshot, saves version 2 with what the job asks for first, and adds no skill', async () => {
    const { resumeId, ownerId, auth } = await h.newResume();
    const before = (await h.query(RESUME, { id: resumeId }, auth)).data!.resume;
    const jobId = await h.newJob();
    const res = await h.query(TAILOR, { r: resumeId, t: { jobId } }, auth);
    expect(res.errors).toBeUndefined();
    const tailored = res.data!.tailorResume;
    expect(tailored.version).toBe(2);
    expect(tailored.skills.map((group: { name: string }) => group.name)).toEqual([
      'Languages',
      'Databases',
      'Design',
    ]);
    expect(tailored.skills[0].keywords).toEqual(['TypeScript', 'Python']);
    // Both asked for (required): they keep their order, before the one that asks for nothing.
    expect(tailored.work[0].highlights).toEqual([
      'Ran PostgreSQL replication',
      'Wrote TypeScript services',
      'Organised team offsites',
    ]);
    expect(allSkills(tailored)).toEqual(allSkills(before));
    expect(tailored.basics.summary).toBe(
      'Backend Engineer with experience in TypeScript and PostgreSQL. Most recently Senior Backend Engineer at Acme.\n\nI build reliable services.',
    );
    expect(tailored.markdown).not.toMatch(/Kubernetes|Initech/);

    const snapshots = (await h.query(SNAPSHOTS, { r: resumeId }, auth)).data!.snapshots;
    expect(snapshots).toEqual([{ name: 'Before tailoring for Staff Backend Engineer', version: 1 }]);
    const saved = (await h.query(RESUME, { id: resumeId }, auth)).data!.resume;
    expect(saved).toEqual(tailored);
    await eventually(() =>
      h.state.updated.find((event) => event.data.resumeId === resumeId && event.data.version === 2),
    );
    const usage = await readLlmUsage(h.state.resumes.subgraph.runtime.redis, ownerId);
    expect(usage.tailor?.promptTokens).toBeGreaterThan(0);
  });

  it('tailors for the owner’s own requirements only, and an admin may do it for them', async () => {
    const owner = await h.newResume();
    const other = await h.newResume();
    const requirementsId = await h.newRequirements(owner.ownerId);
    const mine = await h.query(TAILOR, { r: owner.resumeId, t: { requirementsId } }, owner.auth);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.tailorResume.skills[0].name).toBe('Databases');

    const admin = await h.as(randomUUID(), 'ADMIN');
    const byAdmin = await h.query(TAILOR, { r: owner.resumeId, t: { requirementsId } }, admin);
    expect(byAdmin.errors).toBeUndefined();
    expect(byAdmin.data!.tailorResume.version).toBe(3);

    const theirs = await h.query(TAILOR, { r: other.resumeId, t: { requirementsId } }, other.auth);
    expect(theirs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const notTheirResume = await h.query(TAILOR, { r: owner.resumeId, t: { requirementsId } }, other.auth);
    expect(notTheirResume.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    await h.deleteRequirements(requirementsId, owner.ownerId);
    const deleted = await h.query(TAILOR, { r: owner.resumeId, t: { requirementsId } }, owner.auth);
    expect(deleted.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Nothing written by a refusal: the other resume is still at version 1, with no snapshot.
    const untouched = (await h.query(RESUME, { id: other.resumeId }, other.auth)).data!.resume;
    expect(untouched.version).toBe(1);
    expect((await h.query(SNAPSHOTS, { r: other.resumeId }, other.auth)).data!.snapshots).toEqual([]);
  });

  it('tailors a resume with nothing to emphasize: the same content as a new version', async () => {
    const ownerId = randomUUID();
    const auth = await h.as(ownerId);
    const created = await h.query(CREATE, { input: { title: 'CV' } }, auth);
    const resumeId = created.data!.createResume.id;
    const jobId = await h.newJob();
    const res = await h.query(TAILOR, { r: resumeId, t: { jobId } }, auth);
    expect(res.errors).toBeUndefined();
    expect(res.data!.tailorResume).toMatchObject({ version: 2, basics: { summary: null }, skills: [] });
  });

  it('forgets a deleted account’s requirements', async () => {
    const ownerId = randomUUID();
    const requirementsId = await h.newRequirements(ownerId);
    await h.publish('user.deleted', { userId: ownerId }, 'users');
    await eventually(async () =>
      (await h.state.resumes.em().findOne(TailoringTarget, { id: requirementsId })) ? undefined : true,
    );
  });

  it('refuses a closed or unknown posting and a target naming none or both', async () => {
    const { resumeId, auth } = await h.newResume();
    const jobId = await h.newJob();
    await h.closeJob(jobId);
    const closed = await h.query(TAILOR, { r: resumeId, t: { jobId } }, auth);
    expect(closed.errors?.[0].extensions?.code).toBe('CONFLICT');
    const unknown = await h.query(TAILOR, { r: resumeId, t: { jobId: newId() } }, auth);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const none = await h.query(TAILOR, { r: resumeId, t: {} }, auth);
    expect(none.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const both = await h.query(TAILOR, { r: resumeId, t: { jobId, requirementsId: newId() } }, auth);
    expect(both.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await h.query(TAILOR, { r: newId(), t: { jobId } }, auth);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const anonymous = await h.query(TAILOR, { r: resumeId, t: { jobId } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await h.query(RESUME, { id: resumeId }, auth)).data!.resume.version).toBe(1);
    // A posting listed again reopens.
    await h.newJob({ jobId });
    expect((await h.query(TAILOR, { r: resumeId, t: { jobId } }, auth)).errors).toBeUndefined();
  });

  it('limits tailoring per minute and per day, with retryAfter', async () => {
    const jobId = await h.newJob();
    const user = await h.newResume();
    for (let i = 0; i < 3; i++) {
      expect((await h.query(TAILOR, { r: user.resumeId, t: { jobId } }, user.auth)).errors).toBeUndefined();
    }
    const overQuota = await h.query(TAILOR, { r: user.resumeId, t: { jobId } }, user.auth);
    expect(overQuota.errors?.[0].extensions?.code).toBe('QUOTA_EXCEEDED');
    expect(overQuota.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);

    const recruiter = await h.newResume('RECRUITER');
    expect(
      (await h.query(TAILOR, { r: recruiter.resumeId, t: { jobId } }, recruiter.auth)).errors,
    ).toBeUndefined();
    const tooFast = await h.query(TAILOR, { r: recruiter.resumeId, t: { jobId } }, recruiter.auth);
    expect(tooFast.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(tooFast.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    // Refusals write nothing: versions 2–4 for the user, 2 for the recruiter.
    expect((await h.query(RESUME, { id: user.resumeId }, user.auth)).data!.resume.version).toBe(4);
    expect((await h.query(RESUME, { id: recruiter.resumeId }, recruiter.auth)).data!.resume.version).toBe(2);
  });
});

describe('tailorResume (OpenAI-compatible provider that invents)', () => {
  let llm: ChatCompletionsServer;
  // Before the harness's hooks: the subgraph needs the server's address.
  beforeAll(async () => {
    llm = await startChatCompletionsServer();
  });
  afterAll(() => llm.close());
  const h = harness(() => ({ LLM_PROVIDER: 'openai', LLM_BASE_URL: llm.baseURL, LLM_MAX_RETRIES: '0' }));
  beforeEach(() => {
    llm.requests.length = 0;
    llm.replies.length = 0;
  });
  const promptOf = (request: ChatRequestBody) =>
    request.messages.map((message) => message.content).join('\n');
  const invented = JSON.stringify({
    summary:
      'Backend engineer focused on TypeScript and PostgreSQL. I ran Kubernetes clusters at Google. I hold a PhD in Computer Science.',
  });

  it('removes what the resume does not show from a draft that invents twice', async () => {
    const { resumeId, auth } = await h.newResume();
    const jobId = await h.newJob();
    llm.replies.push({ content: invented }, { content: invented });
    const res = await h.query(TAILOR, { r: resumeId, t: { jobId } }, auth);
    expect(res.errors).toBeUndefined();
    const saved = (await h.query(RESUME, { id: resumeId }, auth)).data!.resume;
    expect(saved.version).toBe(2);
    expect(saved.basics.summary).toBe('Backend engineer focused on TypeScript and PostgreSQL.');
    expect(saved.markdown).not.toMatch(/Kubernetes|Google|PhD/);
    expect(allSkills(saved)).not.toContain('Kubernetes');
    // Regenerated once with the violations listed; no prompt carries contacts or salary.
    expect(llm.requests).toHaveLength(2);
    expect(promptOf(llm.requests[1])).toMatch(/skill "Kubernetes"/);
    expect(promptOf(llm.requests[1])).toMatch(/organization "Google"/);
    for (const request of llm.requests) {
      const prompt = promptOf(request);
      expect(prompt).toContain('Staff Backend Engineer');
      expect(prompt).not.toMatch(/ada@example\.com|1234567|jobs@initech|150,000|150000/);
      expect(prompt).not.toMatch(JOB_DESCRIPTION_SECRETS);
    }
  });

  it('keeps a regenerated draft that claims only what the resume shows', async () => {
    const { resumeId, auth } = await h.newResume();
    const jobId = await h.newJob();
    const clean = 'Backend engineer who wrote TypeScript services and ran PostgreSQL replication at Acme.';
    llm.replies.push({ content: invented }, { content: JSON.stringify({ summary: clean }) });
    const res = await h.query(TAILOR, { r: resumeId, t: { jobId } }, auth);
    expect(res.errors).toBeUndefined();
    expect(res.data!.tailorResume.basics.summary).toBe(clean);
    expect(llm.requests).toHaveLength(2);
  });

  it('falls back to the summary built from the resume when every sentence invents', async () => {
    const { resumeId, auth } = await h.newResume();
    const jobId = await h.newJob();
    const all = JSON.stringify({ summary: 'I ran Kubernetes clusters at Google.' });
    llm.replies.push({ content: all }, { content: all });
    const res = await h.query(TAILOR, { r: resumeId, t: { jobId } }, auth);
    expect(res.errors).toBeUndefined();
    expect(res.data!.tailorResume.basics.summary).toMatch(
      /^Backend Engineer with experience in TypeScript and PostgreSQL\./,
    );
  });

  it('writes nothing when the provider fails', async () => {
    const { resumeId, auth } = await h.newResume();
    const jobId = await h.newJob();
    llm.replies.push({ status: 500 });
    const res = await h.query(TAILOR, { r: resumeId, t: { jobId } }, auth);
    expect(res.errors?.[0].extensions?.code).toBe('AI_PROVIDER_ERROR');
    expect((await h.query(RESUME, { id: resumeId }, auth)).data!.resume.version).toBe(1);
    expect((await h.query(SNAPSHOTS, { r: resumeId }, auth)).data!.snapshots).toEqual([]);
  });
});
