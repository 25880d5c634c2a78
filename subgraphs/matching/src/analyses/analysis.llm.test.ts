import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { newId } from '@hiregraph/platform/ids';
import { eventually } from '@hiregraph/platform/testing/namespace';
import {
  startChatCompletionsServer,
  type ChatCompletionsServer,
} from '@hiregraph/ai/testing/chat-completions-server';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { matchingSubgraph } from '../subgraph.js';

/**
 * The analysis through an OpenAI-compatible model (a real loopback server, the real SDK): the model
 * may word the recommendation, never the score, verdict, caps or requirements; a bad answer leaves
 * the local advice. The prompt carries no contacts, salary or company.
 */
describe('analysis with a language model', () => {
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
        LLM_API_KEY: 'test-key',
        LLM_MAX_RETRIES: '0',
      },
    });
  });
  afterAll(async () => {
    await matching.stop();
    await llm.close();
    await tokens.close();
  });

  async function analysed(): Promise<any> {
    const ownerId = randomUUID();
    const resumeId = newId();
    const auth = bearer(await tokens.token({ userId: ownerId }));
    const chunks = [
      { id: 'summary', kind: 'SUMMARY' as const, text: 'Engineer. ada@example.com, +49 170 1234567' },
      {
        id: 'work-0',
        kind: 'WORK' as const,
        text: 'Built TypeScript services on PostgreSQL; ada@example.com.',
      },
    ];
    const bus = matching.subgraph.runtime.bus;
    await bus.publish(createEvent('resume.created', { resumeId, ownerId }, { producer: 'resumes' }));
    await bus.publish(
      createEvent(
        'resume.parsed',
        {
          resumeId,
          ownerId,
          version: 1,
          markdown: chunks.map((chunk) => chunk.text).join('\n'),
          skills: [
            { name: 'TypeScript', raw: 'TypeScript' },
            { name: 'PostgreSQL', raw: 'PostgreSQL' },
          ],
          work: [
            { itemId: randomUUID(), position: 'Software Engineer', startDate: '2016-01', current: true },
          ],
          totalYears: 8,
          education: [],
          chunks,
        },
        { producer: 'resumes' },
      ),
    );
    // Embedding waits for the consumer; on a loaded machine that can exceed eventually's 10 s default.
    await eventually(
      async () =>
        (await matching.em().execute('select 1 from resume_vectors where resume_id = ?', [resumeId]))[0],
      30_000,
    );
    const requirements = await matching.query(
      'mutation ($t: String!) { createRequirements(input: { title: "Backend Engineer at Initech", text: $t }) { id } }',
      {
        t: 'Salary $150,000 - $180,000.\n\nRequirements:\n- TypeScript\n- PostgreSQL\n- Rust\n- Haskell\n- Erlang',
      },
      auth,
    );
    const started = await matching.query(
      'mutation ($r: ID!, $q: ID!) { analyzeResume(resumeId: $r, target: { requirementsId: $q }) { id } }',
      { r: resumeId, q: requirements.data.createRequirements.id },
      auth,
    );
    const id = started.data.analyzeResume.id as string;
    return eventually(async () => {
      const res = await matching.query(
        'query ($id: ID!) { analysis(id: $id) { status score verdict recommendation matches { requirement status } } }',
        { id },
        auth,
      );
      return res.data?.analysis?.status === 'SUCCEEDED' ? res.data.analysis : undefined;
    }, 20_000);
  }

  // A test that fails before its analysis asks the model must not hand its scripted reply to the next.
  beforeEach(() => {
    llm.replies.length = 0;
  });

  it('lets the model word the advice, and keeps the computed score, caps and requirements', async () => {
    llm.replies.push({
      content: JSON.stringify({ recommendation: 'Lead with your TypeScript work; add Rust if you have it.' }),
    });
    const analysis = await analysed();
    expect(analysis.recommendation).toBe('Lead with your TypeScript work; add Rust if you have it.');
    expect(analysis.score).toBeLessThanOrEqual(40);
    expect(analysis.matches).toHaveLength(5);
    const prompt = llm.requests
      .at(-1)!
      .messages.map((message) => message.content)
      .join('\n');
    expect(prompt).toContain('typescript (required): MET');
    expect(prompt).toContain('rust (required): MISSING');
    expect(prompt).not.toMatch(/ada@example\.com|1234567|150,000|180,000/);
  });

  it('keeps the local advice when the model answers nonsense', async () => {
    llm.replies.push({ content: 'not json' }, { content: '{"recommendation": 42}' });
    const analysis = await analysed();
    expect(analysis.recommendation).toMatch(/Only 2 of 5 key requirements/);
    expect(analysis.score).toBeLessThanOrEqual(40);
  });
});
