import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import type { GraphQLResponse } from '@hiregraph/platform/testing/subgraph';
import { recordLatencies } from './results.js';

type Gateway = (
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
) => Promise<GraphQLResponse>;

interface ReplyToken {
  replyId: string;
  sequence: number;
  done: boolean;
}

/**
 * The career assistant with the local provider, one user asking in one conversation through the
 * gateway (retrieval from the resume's chunks, analyses, history, tokens on the live stream):
 * askAssistant latency, and over an `assistantReply` subscription the time from sending the
 * question to its first token and to its last. Sequential, so the figures are one user's wait.
 */
export async function benchAssistant(
  gateway: Gateway,
  gatewayUrl: string,
  token: string,
  resumeId: string,
  count = Number(process.env.BENCH_ASSISTANT ?? 60),
): Promise<void> {
  const started = await gateway('mutation { startConversation(title: "Bench") { id } }', {}, token);
  const conversationId = started.data.startConversation.id as string;
  const firstTokenAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const doneAt = new Map<string, number>();
  const errors: unknown[] = [];
  const client = createClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  // `after: "0"` on a new conversation: nothing to replay, and no token missed while subscribing.
  client.subscribe<{ assistantReply: ReplyToken }>(
    {
      query:
        'subscription ($id: ID!) { assistantReply(conversationId: $id, after: "0") { replyId sequence done } }',
      variables: { id: conversationId },
    },
    {
      next: (value) => {
        const at = performance.now();
        const reply = value.data?.assistantReply;
        if (value.errors?.length || !reply) return void errors.push(value.errors);
        if (!firstTokenAt.has(reply.replyId)) firstTokenAt.set(reply.replyId, at);
        if (reply.done) {
          doneAt.set(reply.replyId, at);
          waiters.get(reply.replyId)?.();
        }
      },
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  const ask = `mutation ($c: ID!, $m: String!, $r: ID!) {
    askAssistant(conversationId: $c, message: $m, context: { resumeId: $r }) { replyId answer }
  }`;
  const answered: number[] = [];
  const firstToken: number[] = [];
  const lastToken: number[] = [];
  try {
    for (let i = 0; i < count + 5; i += 1) {
      const sent = performance.now();
      const res = await gateway(
        ask,
        { c: conversationId, m: `What have I built with TypeScript? (${i})`, r: resumeId },
        token,
      );
      const returned = performance.now();
      const replyId = res.data?.askAssistant?.replyId as string | undefined;
      if (!replyId) throw new Error(`askAssistant failed: ${JSON.stringify(res.errors)}`);
      if (!doneAt.has(replyId)) {
        await Promise.race([
          new Promise<void>((resolve) => waiters.set(replyId, resolve)),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`no done token in 10 s: ${JSON.stringify(errors)}`)), 10_000),
          ),
        ]);
      }
      if (i < 5) continue; // the first few warm up (and wait for the subscription)
      answered.push(returned - sent);
      firstToken.push(firstTokenAt.get(replyId)! - sent);
      lastToken.push(doneAt.get(replyId)! - sent);
    }
  } finally {
    await client.dispose();
  }
  const figures = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
    return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms`;
  };
  for (const [name, values] of [
    ['askAssistant through the gateway', answered],
    ['assistantReply first token', firstToken],
    ['assistantReply last token', lastToken],
  ] as const)
    recordLatencies(
      'assistant',
      name,
      [...values].sort((a, b) => a - b),
      [0.5, 0.95],
    );
  console.log(
    `assistant x${count} (local provider, through the gateway): askAssistant ${figures(answered)}; ` +
      `over assistantReply, first token ${figures(firstToken)}, last token ${figures(lastToken)}`,
  );
}
