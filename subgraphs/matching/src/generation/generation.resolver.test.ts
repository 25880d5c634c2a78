import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { newId } from '@hiregraph/platform/ids';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import {
  startChatCompletionsServer,
  type ChatCompletionsServer,
  type ChatRequestBody,
} from '@hiregraph/ai/testing/chat-completions-server';
import { matchingSubgraph } from '../subgraph.js';
import { assistantTokenSubject } from '../assistant/assistant.service.js';
import { JOB_DESCRIPTION_SECRETS, jobUpsertedData } from '@hiregraph/platform/testing/events';

const COVER_LETTER = `mutation ($r: ID!, $t: GenerationTarget!, $tone: CoverLetterTone) {
  generateCoverLetter(resumeId: $r, target: $t, tone: $tone) { text claimsRemoved usage { promptTokens completionTokens provider } }
}`;
const ASK = `mutation ($c: ID, $m: String!, $ctx: AssistantContext) {
  askAssistant(conversationId: $c, message: $m, context: $ctx) { conversationId answer citations { chunkId resumeId text } usage { provider } }
}`;
const CONVERSATIONS = 'query { conversations { id title } }';
const CLEAR = 'mutation ($id: ID!) { clearConversation(id: $id) }';

const markdown = (name: string, employer: string) => `# ${name}
Backend engineer · ${name.toLowerCase().replace(' ', '.')}@example.com · +49 170 1234567

## Summary

Backend engineer. Expected salary $120,000 per year.

## Experience

### Senior Backend Engineer · ${employer}
2017-01 – present
- Built Node.js services in TypeScript on PostgreSQL

## Skills

- TypeScript, Node.js, PostgreSQL
`;

const parsed = (resumeId: string, ownerId: string, employer: string): EventData<'resume.parsed'> => ({
  resumeId,
  ownerId,
  version: 1,
  markdown: markdown('Ada Byron', employer),
  skills: ['TypeScript', 'Node.js', 'PostgreSQL'].map((name) => ({ name, raw: name })),
  work: [
    {
      itemId: randomUUID(),
      company: employer,
      position: 'Senior Backend Engineer',
      startDate: '2017-01',
      current: true,
    },
  ],
  totalYears: 8,
  education: [],
  location: { city: 'Berlin', countryCode: 'DE' },
  chunks: [
    {
      id: 'summary',
      kind: 'SUMMARY',
      text: 'Backend engineer. Reach me at ada@example.com, +49 170 1234567.',
    },
    {
      id: `work-${employer.toLowerCase()}`,
      kind: 'WORK',
      text: `Senior Backend Engineer at ${employer} (2017–present): built Node.js services in TypeScript on PostgreSQL.`,
    },
  ],
});

const job = () => jobUpsertedData();

const promptOf = (request: ChatRequestBody) => request.messages.map((message) => message.content).join('\n');

const DAILY_QUOTA_USER = 5;

describe('AI generation and assistant (OpenAI-compatible provider)', () => {
  let matching: TestSubgraph;
  let tokens: TestTokenIssuer;
  let llm: ChatCompletionsServer;

  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    llm = await startChatCompletionsServer();
    matching = await startTestSubgraph(matchingSubgraph, {
      env: {
        AUTH_JWKS_URL: tokens.jwksUrl,
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: llm.baseURL,
        LLM_MAX_RETRIES: '0',
        // Fresh users per test; the quota test spends a USER's whole day, the rate test a recruiter's
        // minute. Other tests ask up to three times per user.
        AI_DAILY_QUOTA_USER: String(DAILY_QUOTA_USER),
        AI_RATE_PER_MINUTE_USER: '100',
        AI_RATE_PER_MINUTE_RECRUITER: '1',
      },
    });
  });
  afterAll(async () => {
    await matching.stop();
    await llm.close();
    await tokens.close();
  });
  beforeEach(() => {
    llm.requests.length = 0;
    llm.replies.length = 0;
  });

  const publish = <Type extends Parameters<typeof createEvent>[0]>(
    type: Type,
    data: Parameters<typeof createEvent<Type>>[1],
    producer: string,
  ) => matching.subgraph.runtime.bus.publish(createEvent(type, data, { producer }));

  const newResume = async (employer: string, role: 'USER' | 'RECRUITER' = 'USER') => {
    const ownerId = randomUUID();
    const resumeId = newId();
    await publish('resume.created', { resumeId, ownerId }, 'resumes');
    await publish('resume.parsed', parsed(resumeId, ownerId, employer), 'resumes');
    await eventually(
      async () =>
        (await matching.em().execute('select 1 from resume_chunks where resume_id = ?', [resumeId]))[0],
    );
    return { resumeId, ownerId, auth: bearer(await tokens.token({ userId: ownerId, role })) };
  };
  const newJob = async () => {
    const data = job();
    await publish('job.upserted', data, 'jobs');
    await eventually(
      async () =>
        (await matching.em().execute('select 1 from job_profiles where job_id = ?', [data.jobId]))[0],
    );
    return data.jobId;
  };

  it('removes claims the resume does not show, and prompts carry no contacts or salary', async () => {
    const { resumeId, auth } = await newResume('Acme');
    const jobId = await newJob();
    const invented = JSON.stringify({
      text: 'Dear Initech hiring team,\n\nI ran Kubernetes clusters at Google. As Senior Backend Engineer at Acme I built TypeScript services.',
    });
    llm.replies.push({ content: invented }, { content: invented });
    const res = await matching.query(COVER_LETTER, { r: resumeId, t: { jobId }, tone: 'CONFIDENT' }, auth);
    expect(res.errors).toBeUndefined();
    const letter = res.data!.generateCoverLetter;
    expect(letter.text).toContain('As Senior Backend Engineer at Acme I built TypeScript services.');
    expect(letter.text).not.toMatch(/Kubernetes|Google/);
    expect(letter.claimsRemoved).toEqual(
      expect.arrayContaining(['skill: Kubernetes', 'organization: Google']),
    );
    expect(letter.usage).toEqual({ promptTokens: 22, completionTokens: 14, provider: 'openai' });
    // Regenerated once with the violations listed.
    expect(llm.requests).toHaveLength(2);
    expect(promptOf(llm.requests[1])).toMatch(/skill "Kubernetes"/);
    for (const request of llm.requests) {
      const prompt = promptOf(request);
      expect(prompt).toContain('TypeScript');
      expect(prompt).not.toMatch(/@example\.com|@initech|1234567|120,000|150,000|180000|150000/);
      expect(prompt).not.toMatch(JOB_DESCRIPTION_SECRETS);
    }
  });

  it('refuses another user’s resume and a missing job', async () => {
    const { resumeId } = await newResume('Acme');
    const other = bearer(await tokens.token({ userId: randomUUID() }));
    const jobId = await newJob();
    const forbidden = await matching.query(COVER_LETTER, { r: resumeId, t: { jobId } }, other);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const { auth } = await newResume('Acme');
    const missing = await matching.query(COVER_LETTER, { r: resumeId, t: { jobId: newId() } }, auth);
    expect(missing.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const both = await matching.query(COVER_LETTER, { r: resumeId, t: {} }, other);
    expect(both.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|FORBIDDEN/);
    expect(llm.requests).toHaveLength(0);
  });

  it('limits cover letters per minute and per day, with retryAfter', async () => {
    const letter = JSON.stringify({ text: 'Dear Initech hiring team,\n\nI built TypeScript services.' });
    llm.respond = () => ({ content: letter });
    const jobId = await newJob();
    const user = await newResume('Acme');
    for (let i = 0; i < DAILY_QUOTA_USER; i++) {
      const res = await matching.query(COVER_LETTER, { r: user.resumeId, t: { jobId } }, user.auth);
      expect(res.errors).toBeUndefined();
    }
    const overQuota = await matching.query(COVER_LETTER, { r: user.resumeId, t: { jobId } }, user.auth);
    expect(overQuota.errors?.[0].extensions?.code).toBe('QUOTA_EXCEEDED');
    expect(overQuota.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);

    const recruiter = await newResume('Acme', 'RECRUITER');
    const first = await matching.query(COVER_LETTER, { r: recruiter.resumeId, t: { jobId } }, recruiter.auth);
    expect(first.errors).toBeUndefined();
    const tooFast = await matching.query(
      COVER_LETTER,
      { r: recruiter.resumeId, t: { jobId } },
      recruiter.auth,
    );
    expect(tooFast.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(tooFast.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    // Refused requests reach no model.
    expect(llm.requests).toHaveLength(DAILY_QUOTA_USER + 1);
  });

  it('answers from the viewer’s own chunks, streams tokens over NATS and keeps the history', async () => {
    const mine = await newResume('Acme');
    const theirs = await newResume('Umbrella');
    llm.respond = () => ({ content: 'You built Node.js services at Acme [1].' });
    const received: { token: string; done: boolean; sequence: number }[] = [];
    const conversationId = randomUUID();
    // A client-chosen id is refused (conversations are created by the server), so listen on the
    // subject of the new conversation after the first answer, and on a follow-up question.
    const first = await matching.query(ASK, { m: 'What backend work have I done?' }, mine.auth);
    expect(first.errors).toBeUndefined();
    const answer = first.data!.askAssistant;
    expect(answer.answer).toBe('You built Node.js services at Acme [1].');
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const citation of answer.citations) expect(citation.resumeId).toBe(mine.resumeId);
    expect(JSON.stringify(answer.citations)).not.toMatch(/Umbrella|@example\.com|1234567/);
    const prompt = promptOf(llm.requests[0]);
    expect(prompt).toContain('Acme');
    expect(prompt).not.toMatch(/Umbrella|@example\.com|1234567/);

    const subscription = matching.subgraph.runtime.bus.connection.subscribe(
      assistantTokenSubject(matching.subgraph.runtime.config.EVENT_NAMESPACE, answer.conversationId),
      {
        callback: (_error, message) => {
          received.push(message.json());
        },
      },
    );
    await matching.subgraph.runtime.bus.connection.flush();
    const followUp = await matching.query(
      ASK,
      { c: answer.conversationId, m: 'And with PostgreSQL?', ctx: { resumeId: mine.resumeId } },
      mine.auth,
    );
    expect(followUp.data!.askAssistant.conversationId).toBe(answer.conversationId);
    await eventually(async () => received.some((event) => event.done) || undefined);
    subscription.unsubscribe();
    expect(
      received
        .filter((event) => !event.done)
        .map((event) => event.token)
        .join(''),
    ).toBe('You built Node.js services at Acme [1].');
    expect(received.map((event) => event.sequence)).toEqual(received.map((_, index) => index));
    // The follow-up carries the first turn.
    expect(promptOf(llm.requests[1])).toContain('What backend work have I done?');

    // The viewer's analyses of the job asked about reach the prompt: score, verdict, what is missing.
    const jobId = await newJob();
    await matching.em().execute(
      `insert into analyses (id, owner_id, resume_id, job_id, status, score, verdict, matches, created_at, completed_at)
       values (?, ?, ?, ?, 'SUCCEEDED', 70, 'GOOD', ?, now(), now())`,
      [
        newId(),
        mine.ownerId,
        mine.resumeId,
        jobId,
        JSON.stringify([{ requirement: 'kubernetes', kind: 'SKILL', key: true, status: 'MISSING' }]),
      ],
    );
    const aboutJob = await matching.query(
      ASK,
      { c: answer.conversationId, m: 'Do I fit?', ctx: { resumeId: mine.resumeId, jobId } },
      mine.auth,
    );
    expect(aboutJob.errors).toBeUndefined();
    const jobPrompt = promptOf(llm.requests[2]);
    expect(jobPrompt).toContain('Staff Backend Engineer at Initech: score 70/100, good; missing: kubernetes');
    expect(jobPrompt).not.toMatch(/@example\.com|@initech|1234567|120,000|150,000|180000|150000/);

    const forbidden = await matching.query(ASK, { m: 'hi', ctx: { resumeId: theirs.resumeId } }, mine.auth);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const notMine = await matching.query(ASK, { c: answer.conversationId, m: 'hi' }, theirs.auth);
    expect(notMine.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(conversationId).toBeDefined();

    const listed = await matching.query(CONVERSATIONS, {}, mine.auth);
    expect(listed.data!.conversations).toEqual([
      { id: answer.conversationId, title: 'What backend work have I done?' },
    ]);
    expect((await matching.query(CONVERSATIONS, {}, theirs.auth)).data!.conversations).toEqual([]);
    const ttl = await matching.subgraph.runtime.redis.ttl(
      `chat:history:${mine.ownerId}:${answer.conversationId}`,
    );
    expect(ttl).toBeGreaterThan(3500);
    expect(
      (await matching.query(CLEAR, { id: answer.conversationId }, theirs.auth)).data!.clearConversation,
    ).toBe(false);
    expect(
      (await matching.query(CLEAR, { id: answer.conversationId }, mine.auth)).data!.clearConversation,
    ).toBe(true);
    expect((await matching.query(CONVERSATIONS, {}, mine.auth)).data!.conversations).toEqual([]);
  });
});
