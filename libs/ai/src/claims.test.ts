import { z } from 'zod';
import { startChatCompletionsServer, type ChatCompletionsServer } from './testing/chat-completions-server.js';
import {
  findClaimViolations,
  generateWithoutInventedClaims,
  removeViolatingSentences,
  resumeFactsFromText,
} from './claims.js';
import { OpenAILlmProvider } from './openai-llm.js';
import { redactForPrompt } from './redact.js';

const resume = `# Ada Byron
Backend engineer

## Experience

### Senior Software Engineer · Acme Corp
2018-03 – present
- Built TypeScript and PostgreSQL services on AWS

### Software Engineer · Globex
2014 – 2018

## Education

### Bachelor · Computer Science · University of Leeds
2010 – 2014
`;
const facts = resumeFactsFromText(resume);
const allowances = { names: ['Initech', 'Staff Backend Engineer'] };

describe('findClaimViolations', () => {
  it('accepts what the resume shows and the target names', () => {
    const honest =
      'Dear Initech team, I am applying for the Staff Backend Engineer role. As a Senior Software Engineer at Acme Corp I built TypeScript services on AWS since 2018. At Globex I built TypeScript services on AWS. I hold a Bachelor from the University of Leeds.';
    expect(findClaimViolations(honest, facts, allowances)).toEqual([]);
  });

  it('flags invented skills, employers, titles, degrees and dates', () => {
    const invented =
      'I ran Kubernetes at Google. I was Principal Architect at Acme Corp. I earned a PhD in 2009. I have 25 years of experience. I studied at Stanford University.';
    const found = findClaimViolations(invented, facts, allowances).map((v) => `${v.kind}:${v.claim}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'skill:Kubernetes',
        'organization:Google',
        'title:Principal Architect',
        'degree:PhD',
        'date:2009',
        'date:25 years',
        'organization:Stanford University',
      ]),
    );
  });

  it.each([
    ["I worked on Google's payments team.", 'Google'],
    ['I was a researcher in Microsoft Research.', 'Microsoft Research'],
    ['A Stanford graduate with TypeScript skills.', 'Stanford'],
    ['Ex-Amazon engineer who built TypeScript services.', 'Amazon'],
    ['Former Meta engineer with PostgreSQL experience.', 'Meta'],
    ['An MIT alumna who built TypeScript services.', 'MIT'],
    ["I led Netflix's streaming platform.", 'Netflix'],
    ['Worked at Deutsche Bank on AWS.', 'Deutsche Bank'],
    ['Harvard Business School graduate.', 'Harvard Business School'],
    ['Trusted by Goldman Sachs engineers.', 'Goldman Sachs'],
    ['My manager at Acme Corp later moved to Stripe with me.', 'Stripe'],
  ])('flags the employer or school in %j', (sentence, organization) => {
    const found = findClaimViolations(sentence, facts, allowances)
      .filter((violation) => violation.kind === 'organization')
      .map((violation) => violation.claim);
    expect(found).toEqual([organization]);
  });

  it.each([
    'Dear Initech hiring team,',
    'I built TypeScript services on AWS at Acme Corp.',
    "My work on Acme Corp's platform team cut latency by half.",
    'I am excited to relocate to Berlin.',
    'Sincerely, Ada Byron',
    'In January 2018 I joined Acme Corp as Senior Software Engineer.',
    'I hold a Bachelor from the University of Leeds.',
    'The Staff Backend Engineer role at Initech excites me.',
    'At Globex I built PostgreSQL services.',
    'Best regards,',
    'Thank you for your time; I look forward to hearing from you.',
    'Since 2014 I have shipped PostgreSQL migrations every quarter.',
  ])('accepts %j', (sentence) => {
    expect(findClaimViolations(sentence, facts, allowances)).toEqual([]);
  });

  it("reads a German letter's capitalised nouns as nouns, and still flags a former employer it invents", () => {
    const german =
      'Sehr geehrtes Initech-Team, hiermit bewerbe ich mich um die Stelle als Staff Backend Engineer. Mein Lebenslauf zeigt die gesuchte Erfahrung mit TypeScript bei Acme Corp.';
    expect(findClaimViolations(german, facts, { ...allowances, language: 'de' })).toEqual([]);
    const invented = 'Als Ex-Amazon Ingenieur bringe ich Erfahrung mit.';
    const found = findClaimViolations(invented, facts, { ...allowances, language: 'de' });
    expect(found.map((v) => `${v.kind}:${v.claim}`)).toEqual([
      expect.stringMatching(/^organization:Amazon\b/),
    ]);
  });

  it('removes only the violating sentences', () => {
    const draft = 'I built TypeScript services. I ran Kubernetes at Google.\n\nBest regards.';
    const cleaned = removeViolatingSentences(draft, findClaimViolations(draft, facts));
    expect(cleaned).toBe('I built TypeScript services.\n\nBest regards.');
  });
});

describe('redactForPrompt', () => {
  it('drops contacts and salary but keeps date ranges', () => {
    const text =
      'Mail ada@example.com or call +44 20 7946 0958, 12 Baker Street. Wants $120,000 per year. 2014-2018 at Globex.';
    const redacted = redactForPrompt(text);
    expect(redacted).not.toMatch(/example\.com|7946|Baker|120,000/);
    expect(redacted).toContain('2014-2018 at Globex');
  });
});

describe('generateWithoutInventedClaims with a provider that tries to invent', () => {
  const letterSchema = z.object({ letter: z.string() });
  let server: ChatCompletionsServer;
  const invented = JSON.stringify({
    letter: 'I led Kubernetes migrations at Google. I built TypeScript services at Acme Corp.',
  });
  const honest = JSON.stringify({ letter: 'I built TypeScript services at Acme Corp.' });

  beforeAll(async () => {
    server = await startChatCompletionsServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.replies.length = 0;
  });

  const run = () =>
    generateWithoutInventedClaims({
      provider: new OpenAILlmProvider({ baseURL: server.baseURL }),
      request: {
        task: 'cover_letter',
        system: 'Write a letter.',
        user: resume,
        schema: letterSchema,
        schemaName: 'cover_letter',
      },
      fallback: () => ({ letter: '' }),
      facts,
      allowances,
      textsOf: (value) => [value.letter],
      withTexts: (value, [letter]) => ({ ...value, letter }),
    });

  it('regenerates once with the violations listed and keeps the honest draft', async () => {
    server.replies.push({ content: invented }, { content: honest });
    const result = await run();
    expect(result.value.letter).toBe('I built TypeScript services at Acme Corp.');
    expect(result.regenerated).toBe(true);
    expect(result.claimsRemoved).toEqual(
      expect.arrayContaining(['skill: Kubernetes', 'organization: Google']),
    );
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].messages.at(-1)?.content).toMatch(/skill "Kubernetes"/);
    expect(result.usage.promptTokens).toBe(22);
  });

  it('removes the sentences that still invent after the second draft', async () => {
    server.replies.push({ content: invented }, { content: invented });
    const result = await run();
    expect(result.value.letter).toBe('I built TypeScript services at Acme Corp.');
    expect(result.value.letter).not.toMatch(/Kubernetes|Google/);
    expect(result.claimsRemoved).toEqual(
      expect.arrayContaining(['skill: Kubernetes', 'organization: Google']),
    );
  });
});
