import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { liveStreamName, parseLiveMessage, type LiveData } from '@hiregraph/platform/events/live';
import { newId } from '@hiregraph/platform/ids';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { matchingSubgraph } from '../subgraph.js';
import { assistantTokenSubject } from './assistant.service.js';

const START = 'mutation ($t: String) { startConversation(title: $t) { id title updatedAt } }';
const CONVERSATION = 'query ($id: ID!) { conversation(id: $id) { id title } }';
const CONVERSATIONS = 'query { conversations { id title } }';
const ASK = `mutation ($c: ID, $m: String!, $ctx: AssistantContext) {
  askAssistant(conversationId: $c, message: $m, context: $ctx) { conversationId replyId answer }
}`;

const parsed = (resumeId: string, ownerId: string): EventData<'resume.parsed'> => ({
  resumeId,
  ownerId,
  version: 1,
  markdown: 'Senior Backend Engineer at Acme: built Node.js services in TypeScript on PostgreSQL.',
  skills: ['TypeScript', 'PostgreSQL'].map((name) => ({ name, raw: name })),
  work: [{ itemId: randomUUID(), position: 'Senior Backend Engineer', startDate: '2017-01', current: true }],
  totalYears: 8,
  education: [],
  chunks: [
    {
      id: 'work-acme',
      kind: 'WORK',
      text: 'Senior Backend Engineer at Acme (2017–present): built Node.js services in TypeScript on PostgreSQL.',
    },
  ],
});

describe('career assistant: conversations, analyses, limits, live stream', () => {
  let matching: TestSubgraph;
  let tokens: TestTokenIssuer;

  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    matching = await startTestSubgraph(matchingSubgraph, {
      env: {
        AUTH_JWKS_URL: tokens.jwksUrl,
        // Fresh users per test; the quota test spends a USER's day, the rate test a RECRUITER's minute.
        AI_DAILY_QUOTA_USER: '5',
        AI_RATE_PER_MINUTE_USER: '100',
        AI_RATE_PER_MINUTE_RECRUITER: '2',
      },
    });
  });
  afterAll(async () => {
    await matching.stop();
    await tokens.close();
  });

  const publish = <Type extends Parameters<typeof createEvent>[0]>(
    type: Type,
    data: Parameters<typeof createEvent<Type>>[1],
    producer: string,
  ) => matching.subgraph.runtime.bus.publish(createEvent(type, data, { producer }));

  const newUser = async (role: 'USER' | 'RECRUITER' = 'USER') => {
    const ownerId = randomUUID();
    return { ownerId, auth: bearer(await tokens.token({ userId: ownerId, role })) };
  };
  const newResume = async () => {
    const user = await newUser();
    const resumeId = newId();
    await publish('resume.created', { resumeId, ownerId: user.ownerId }, 'resumes');
    await publish('resume.parsed', parsed(resumeId, user.ownerId), 'resumes');
    await eventually(
      async () =>
        (await matching.em().execute('select 1 from resume_profiles where resume_id = ?', [resumeId]))[0],
    );
    return { ...user, resumeId };
  };
  /** A finished analysis, as the worker stores it. */
  const storeAnalysis = async (
    ownerId: string,
    resumeId: string,
    target: { jobId?: string; requirementsId?: string },
    score: number,
    verdict: string,
    missing: string[],
  ) => {
    const matches = [
      { requirement: 'typescript', kind: 'SKILL', key: true, status: 'MET' },
      ...missing.map((requirement) => ({ requirement, kind: 'SKILL', key: true, status: 'MISSING' })),
    ];
    await matching.em().execute(
      `insert into analyses (id, owner_id, resume_id, job_id, requirements_id, status, score, verdict, matches, created_at, completed_at)
       values (?, ?, ?, ?, ?, 'SUCCEEDED', ?, ?, ?, now(), now())`,
      [
        newId(),
        ownerId,
        resumeId,
        target.jobId ?? null,
        target.requirementsId ?? null,
        score,
        verdict,
        JSON.stringify(matches),
      ],
    );
  };

  /** Every message stored on a conversation's live subject, in stream order. */
  const storedTokens = async (conversationId: string) => {
    const { runtime } = matching.subgraph;
    const js = jetstream(runtime.bus.connection);
    const consumer = await js.consumers.get(liveStreamName(runtime.config.EVENT_NAMESPACE), {
      filter_subjects: assistantTokenSubject(runtime.config.EVENT_NAMESPACE, conversationId),
      deliver_policy: DeliverPolicy.All,
    });
    const messages: LiveData<'assistant.reply'>[] = [];
    for (;;) {
      const msg = await consumer.next({ expires: 1000 });
      if (!msg) break;
      messages.push(parseLiveMessage('assistant.reply', msg.string()));
      if (msg.info.pending === 0) break;
    }
    await consumer.delete().catch(() => {});
    return messages;
  };

  it('starts a conversation that only its user sees, and asks in it; tokens are stored in order', async () => {
    const { resumeId, auth } = await newResume();
    const other = await newUser();
    const started = await matching.query(START, { t: 'Career change' }, auth);
    expect(started.errors).toBeUndefined();
    const { id } = started.data.startConversation;
    expect(started.data.startConversation.title).toBe('Career change');

    expect((await matching.query(CONVERSATION, { id }, auth)).data.conversation).toEqual({
      id,
      title: 'Career change',
    });
    const theirs = await matching.query(CONVERSATION, { id }, other.auth);
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.conversation).toBeNull();
    expect((await matching.query(CONVERSATION, { id: randomUUID() }, auth)).data.conversation).toBeNull();
    expect((await matching.query(CONVERSATIONS, {}, auth)).data.conversations).toEqual([
      { id, title: 'Career change' },
    ]);
    const bad = await matching.query(CONVERSATION, { id: 'nope' }, auth);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const anonymous = await matching.query(START, {});
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // Another user cannot ask in it.
    const intruder = await matching.query(ASK, { c: id, m: 'What did I build?' }, other.auth);
    expect(intruder.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const asked = await matching.query(ASK, { c: id, m: 'What did I build?', ctx: { resumeId } }, auth);
    expect(asked.errors).toBeUndefined();
    const { answer, replyId } = asked.data.askAssistant;
    expect(asked.data.askAssistant.conversationId).toBe(id);
    expect(answer).toContain('Acme');
    const again = await matching.query(ASK, { c: id, m: 'And PostgreSQL?' }, auth);
    expect(again.errors).toBeUndefined();
    // The title given at the start stays.
    expect((await matching.query(CONVERSATION, { id }, auth)).data.conversation.title).toBe('Career change');

    const stored = await storedTokens(id);
    const first = stored.filter((message) => message.replyId === replyId);
    const second = stored.filter((message) => message.replyId === again.data.askAssistant.replyId);
    expect(first.length + second.length).toBe(stored.length);
    expect(first.map((message) => message.sequence)).toEqual(first.map((_, index) => index));
    expect(first.map((message) => message.token).join('')).toBe(answer);
    expect(first.at(-1)).toMatchObject({ done: true, token: '', answerLength: answer.length });
    expect(first.slice(0, -1).every((message) => !message.done)).toBe(true);
    // Answers do not interleave: the second one's tokens all come after the first one's.
    expect(stored.indexOf(second[0])).toBe(first.length);
    expect(second.map((message) => message.token).join('')).toBe(again.data.askAssistant.answer);

    // Without a conversation id, askAssistant still starts a new one.
    const fresh = await matching.query(ASK, { m: 'Hello?' }, auth);
    expect(fresh.data.askAssistant.conversationId).not.toBe(id);
    expect(
      (await matching.query(CONVERSATION, { id: fresh.data.askAssistant.conversationId }, auth)).data,
    ).toEqual({ conversation: { id: fresh.data.askAssistant.conversationId, title: 'Hello?' } });
  });

  it("answers from the user's own latest analyses of the resume and job asked about, never another user's", async () => {
    const mine = await newResume();
    const theirs = await newResume();
    const jobId = newId();
    const otherJobId = newId();
    await publish(
      'job.upserted',
      {
        jobId,
        postedById: null,
        source: 'test',
        externalId: null,
        title: 'Staff Platform Engineer',
        company: 'Initech',
        location: { city: 'Berlin', region: null, countryCode: 'DE' },
        remote: 'FULL',
        employmentType: 'FULL_TIME',
        seniority: 'SENIOR',
        yearsOfExperience: 5,
        requiredSkills: ['TypeScript', 'Kubernetes'],
        preferredSkills: [],
        salary: { min: 150000, max: 180000, currency: 'EUR', period: 'YEAR', yearlyUsd: 170000 },
        description: 'Pay 150,000 EUR. Questions: jobs@initech.example.',
        postedAt: new Date().toISOString(),
        created: true,
      },
      'jobs',
    );
    await eventually(
      async () => (await matching.em().execute('select 1 from job_profiles where job_id = ?', [jobId]))[0],
    );
    // An older analysis of the same pair is superseded by the latest one.
    await storeAnalysis(mine.ownerId, mine.resumeId, { jobId }, 31, 'WEAK', ['rust']);
    await storeAnalysis(mine.ownerId, mine.resumeId, { jobId }, 62, 'PARTIAL', ['kubernetes', 'terraform']);
    await storeAnalysis(mine.ownerId, mine.resumeId, { jobId: otherJobId }, 90, 'STRONG', ['cobol']);
    await storeAnalysis(theirs.ownerId, theirs.resumeId, { jobId }, 12, 'WEAK', ['haskell']);

    const asked = await matching.query(
      ASK,
      { m: 'How do I fit this job?', ctx: { resumeId: mine.resumeId, jobId } },
      mine.auth,
    );
    expect(asked.errors).toBeUndefined();
    const { answer } = asked.data.askAssistant;
    expect(answer).toContain(
      'Staff Platform Engineer at Initech: score 62/100, partial; missing: kubernetes, terraform',
    );
    expect(answer).not.toMatch(/31\/100|rust|cobol|haskell|12\/100|150,000|initech\.example/);

    // Without a job: every resume and target of the user's, latest first; still nobody else's.
    const broad = await matching.query(ASK, { m: 'Where do I stand?' }, mine.auth);
    expect(broad.data.askAssistant.answer).toMatch(/score 62\/100/);
    expect(broad.data.askAssistant.answer).toMatch(/a posting: score 90\/100, strong; missing: cobol/);
    expect(broad.data.askAssistant.answer).not.toMatch(/haskell|12\/100|score 31/);

    // The other user sees only their own.
    const other = await matching.query(ASK, { m: 'Where do I stand?' }, theirs.auth);
    expect(other.data.askAssistant.answer).toMatch(/score 12\/100, weak; missing: haskell/);
    expect(other.data.askAssistant.answer).not.toMatch(/kubernetes|cobol|62\/100/);
  });

  it('limits questions per minute and per day with retryAfter, counting nothing refused', async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++) {
      expect((await matching.query(ASK, { m: `Question ${i}` }, user.auth)).errors).toBeUndefined();
    }
    const overQuota = await matching.query(ASK, { m: 'One more' }, user.auth);
    expect(overQuota.errors?.[0].extensions?.code).toBe('QUOTA_EXCEEDED');
    expect(overQuota.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    expect(overQuota.errors?.[0].extensions?.retryAfter).toBeLessThanOrEqual(86_400);
    expect(overQuota.data).toBeNull();
    // A refused question leaves no conversation behind.
    expect((await matching.query(CONVERSATIONS, {}, user.auth)).data.conversations).toHaveLength(5);

    const recruiter = await newUser('RECRUITER');
    for (let i = 0; i < 2; i++) {
      expect((await matching.query(ASK, { m: `Question ${i}` }, recruiter.auth)).errors).toBeUndefined();
    }
    const tooFast = await matching.query(ASK, { m: 'Again' }, recruiter.auth);
    expect(tooFast.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(tooFast.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    expect(tooFast.errors?.[0].extensions?.retryAfter).toBeLessThanOrEqual(60);
    // Bad input is refused before anything is counted.
    const empty = await matching.query(ASK, { m: '   ' }, user.auth);
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
