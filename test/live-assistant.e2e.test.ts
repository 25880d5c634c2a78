import { eventually } from '@hiregraph/platform/testing/namespace';
import { startE2EPlatform, type Account, type E2EPlatform } from './support/platform.js';
import { subscribe, type Received } from './support/live-client.js';

// Default client buffers: an answer's tokens can come in one burst (the local provider's do).
const LIVE_ENV = { LIVE_AUTH_CHECK_MS: '300', LIVE_WATCHDOG_MS: '1000' };
const REPLY = `subscription ($id: ID!, $after: String) {
  assistantReply(conversationId: $id, after: $after) { cursor conversationId replyId sequence token done answerLength }
}`;
const ASK = `mutation ($c: ID!, $m: String!, $ctx: AssistantContext) {
  askAssistant(conversationId: $c, message: $m, context: $ctx) { conversationId replyId answer }
}`;

interface Token {
  cursor: string;
  conversationId: string;
  replyId: string;
  sequence: number;
  token: string;
  done: boolean;
  answerLength: number | null;
}

const tokensOf = (received: Received): Token[] =>
  received.events.map((event) => {
    expect(event.errors).toBeUndefined();
    return event.data.assistantReply as Token;
  });
const doneCount = (received: Received) => tokensOf(received).filter((token) => token.done).length;

describe('assistant replies live through the gateway', () => {
  let e2e: E2EPlatform;
  let owner: Account;
  let resumeId: string;
  const wsUrl = () => e2e.platform.urls.gateway.replace(/^http/, 'ws');

  beforeAll(async () => {
    e2e = await startE2EPlatform('live-assistant', LIVE_ENV);
    owner = await e2e.register('Ada Lovelace');
    const imported = await e2e.gateway(
      'mutation ($d: JSON!) { importJsonResume(document: $d) { id } }',
      {
        d: {
          basics: { name: 'Ada Lovelace', label: 'Backend Engineer' },
          work: [
            {
              name: 'Analytical Engines',
              position: 'Backend Engineer',
              startDate: '2016-01-01',
              summary: 'Built TypeScript services on PostgreSQL and GraphQL APIs.',
            },
          ],
          skills: [{ name: 'TypeScript' }, { name: 'PostgreSQL' }],
        },
      },
      owner.accessToken,
    );
    expect(imported.errors).toBeUndefined();
    resumeId = imported.data.importJsonResume.id;
    // The assistant answers from the resume's chunks once matching has them.
    await eventually(
      async () =>
        (await e2e.sql('matching', 'select 1 from resume_chunks where resume_id = $1', [resumeId]))[0],
      30_000,
    );
  }, 120_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  it("streams an answer's tokens in order to a subscriber of its conversation, resumes after a cursor, refuses anyone else", async () => {
    const started = await e2e.gateway(
      'mutation { startConversation(title: "Next role") { id title } }',
      {},
      owner.accessToken,
    );
    expect(started.errors).toBeUndefined();
    const conversationId = started.data.startConversation.id as string;

    // Subscribed before the first question: `after: "0"` also replays what was already said.
    const live = subscribe(wsUrl(), owner.accessToken, REPLY, { id: conversationId, after: '0' });
    const asked = await e2e.gateway(
      ASK,
      { c: conversationId, m: 'What backend work have I done?', ctx: { resumeId } },
      owner.accessToken,
    );
    expect(asked.errors).toBeUndefined();
    const { answer, replyId } = asked.data.askAssistant;
    expect(answer).toContain('TypeScript');

    await eventually(async () => doneCount(live.received) === 1, 15_000);
    const tokens = tokensOf(live.received);
    expect(tokens.length).toBeGreaterThan(3);
    expect(
      tokens.every((token) => token.conversationId === conversationId && token.replyId === replyId),
    ).toBe(true);
    expect(tokens.map((token) => token.sequence)).toEqual(tokens.map((_, index) => index));
    expect(tokens.map((token) => token.token).join('')).toBe(answer);
    expect(tokens.at(-1)).toMatchObject({ done: true, token: '', answerLength: answer.length });
    expect(tokens.slice(0, -1).every((token) => !token.done && token.answerLength === null)).toBe(true);
    const cursors = tokens.map((token) => Number(token.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors).size).toBe(cursors.length);

    // Resuming from the middle of the answer: exactly the rest of it, then the next answer live.
    const middle = Math.floor(tokens.length / 2);
    const resumed = subscribe(wsUrl(), owner.accessToken, REPLY, {
      id: conversationId,
      after: tokens[middle].cursor,
    });
    await eventually(async () => doneCount(resumed.received) === 1, 15_000);
    const next = await e2e.gateway(ASK, { c: conversationId, m: 'And PostgreSQL?' }, owner.accessToken);
    expect(next.errors).toBeUndefined();
    await eventually(async () => doneCount(resumed.received) === 2 && doneCount(live.received) === 2, 15_000);
    const rest = tokensOf(resumed.received);
    const second = rest.filter((token) => token.replyId === next.data.askAssistant.replyId);
    expect(rest.slice(0, rest.length - second.length)).toEqual(tokens.slice(middle + 1));
    expect(second.map((token) => token.token).join('')).toBe(next.data.askAssistant.answer);
    expect(second.map((token) => token.sequence)).toEqual(second.map((_, index) => index));
    // The first subscriber got the same second answer, once.
    expect(tokensOf(live.received).slice(tokens.length)).toEqual(second);

    // Another user's subscription to this conversation is refused, coded.
    const stranger = await e2e.register('Mallory');
    const refused = subscribe(wsUrl(), stranger.accessToken, REPLY, { id: conversationId, after: '0' });
    const code = await eventually(async () => refused.received.errors[0]?.[0]?.extensions?.code as string);
    expect(code).toBe('NOT_FOUND');
    expect(refused.received.events).toEqual([]);
    const malformed = subscribe(wsUrl(), owner.accessToken, REPLY, { id: 'not-an-id' });
    expect(await eventually(async () => malformed.received.errors[0]?.[0]?.extensions?.code as string)).toBe(
      'BAD_USER_INPUT',
    );

    await Promise.all([live, resumed, refused, malformed].map((client) => client.dispose()));
  });

  it('asks through the gateway without a conversation: a new one, and its tokens are replayable', async () => {
    const asked = await e2e.gateway(
      'mutation { askAssistant(message: "Summarise my experience") { conversationId replyId answer } }',
      {},
      owner.accessToken,
    );
    expect(asked.errors).toBeUndefined();
    const { conversationId, answer } = asked.data.askAssistant;
    const conversation = await e2e.gateway(
      'query ($id: ID!) { conversation(id: $id) { id title } }',
      { id: conversationId },
      owner.accessToken,
    );
    expect(conversation.data.conversation).toEqual({ id: conversationId, title: 'Summarise my experience' });
    const replay = subscribe(wsUrl(), owner.accessToken, REPLY, { id: conversationId, after: '0' });
    await eventually(async () => doneCount(replay.received) === 1, 15_000);
    expect(
      tokensOf(replay.received)
        .map((token) => token.token)
        .join(''),
    ).toBe(answer);
    await replay.dispose();
  });
});
