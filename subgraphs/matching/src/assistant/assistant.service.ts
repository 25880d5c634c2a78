import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireViewer, type AuthContext } from '@hiregraph/libs/auth/guards';
import { toPgVector } from '@hiregraph/libs/ai/embeddings';
import { recordLlmUsage } from '@hiregraph/libs/ai/llm-usage';
import { redactForPrompt } from '@hiregraph/libs/ai/redact';
import { badUserInput, notFound } from '@hiregraph/libs/errors';
import { requireUuid } from '@hiregraph/libs/validation';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { embedderOf } from '../embeddings/embedder.js';
import { llmOf } from '@hiregraph/libs/ai/llm';
import { loadResumeContext } from '../generation/generation.context.js';
import type {
  AssistantAnswer,
  AssistantCitation,
  AssistantContext,
  Conversation,
} from './assistant.inputs.js';

/** History lives an hour after the last message (the biz-service schema: `chat:history:{user_id}`). */
export const HISTORY_TTL_SECONDS = 60 * 60;
const MAX_TURNS_IN_PROMPT = 6;
const CITATIONS = 4;

/** The viewer's conversations: a hash conversationId → {title, updatedAt}. */
export const conversationsKey = (userId: string) => `chat:history:${userId}`;
/** One conversation's turns, oldest first (JSON {role, text}). */
export const historyKey = (userId: string, conversationId: string) =>
  `chat:history:${userId}:${conversationId}`;
/** NATS core subject of an answer's tokens (ephemeral: not JetStream). */
export const assistantTokenSubject = (namespace: string, conversationId: string) =>
  `${namespace}.live.assistant.${conversationId}`;

interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export class AssistantService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: SubgraphRuntime,
  ) {}

  /**
   * Answers from the viewer's own resumes (nearest chunks by embedding, owner_id = viewer, never
   * anyone else's), the match with `context.jobId` if any, and the conversation so far. Tokens are
   * published on NATS core as they come; the whole answer is returned and kept in the history.
   */
  async ask(
    ctx: AuthContext,
    conversationId: string | null | undefined,
    message: string,
    context: AssistantContext | null | undefined,
  ): Promise<AssistantAnswer> {
    const viewer = requireViewer(ctx);
    const question = message.trim();
    if (question === '' || question.length > 2000) {
      throw badUserInput('message must be 1–2000 characters', { field: 'message' });
    }
    const id = conversationId ? requireUuid(conversationId, 'conversationId') : randomUUID();
    const redis = this.runtime.redis;
    if (conversationId && !(await redis.hexists(conversationsKey(viewer.id), id))) {
      throw notFound('Conversation not found (conversations end an hour after the last message)');
    }
    // An explicit resume must be the viewer's own: another user's is FORBIDDEN.
    const resume = context?.resumeId ? await loadResumeContext(ctx, this.em, context.resumeId) : null;
    // TODO(limits): `await limits.consume(viewer, 'assistant')` once libs/src/ai/limits.ts is merged.

    const citations = await this.retrieve(viewer.id, question, resume?.resumeId);
    const match = context?.jobId ? await this.matchSummary(viewer.id, context.jobId, resume?.resumeId) : null;
    const history = (await redis.lrange(historyKey(viewer.id, id), -MAX_TURNS_IN_PROMPT * 2, -1)).map(
      (raw) => JSON.parse(raw) as Turn,
    );

    const subject = assistantTokenSubject(this.runtime.config.EVENT_NAMESPACE, id);
    const connection = this.runtime.bus.connection;
    let sequence = 0;
    const result = await llmOf(this.runtime).stream(
      {
        task: 'assistant',
        system:
          'You are a career assistant. Answer only from the passages of the user’s own resume and the match given; cite passages as [n]. Never invent experience.',
        user: [
          ...history.map((turn) => `${turn.role === 'user' ? 'User' : 'Assistant'}: ${turn.text}`),
          '# Resume passages',
          ...citations.map((citation, index) => `[${index + 1}] ${citation.text}`),
          ...(match ? ['# Match', match] : []),
          '# Question',
          question,
        ].join('\n'),
        maxTokens: 600,
        temperature: 0.3,
      },
      (token) =>
        connection.publish(
          subject,
          JSON.stringify({ conversationId: id, sequence: sequence++, token, done: false }),
        ),
      () => templateAnswer(question, citations, match),
    );
    connection.publish(
      subject,
      JSON.stringify({ conversationId: id, sequence: sequence++, token: '', done: true }),
    );

    const now = new Date();
    const title = history.length === 0 ? question.slice(0, 80) : undefined;
    const existing = await redis.hget(conversationsKey(viewer.id), id);
    const entry = existing
      ? (JSON.parse(existing) as { title: string })
      : { title: title ?? question.slice(0, 80) };
    await redis
      .multi()
      .rpush(
        historyKey(viewer.id, id),
        JSON.stringify({ role: 'user', text: question } satisfies Turn),
        JSON.stringify({ role: 'assistant', text: result.text } satisfies Turn),
      )
      .expire(historyKey(viewer.id, id), HISTORY_TTL_SECONDS)
      .hset(
        conversationsKey(viewer.id),
        id,
        JSON.stringify({ title: entry.title, updatedAt: now.toISOString() }),
      )
      .expire(conversationsKey(viewer.id), HISTORY_TTL_SECONDS)
      .exec();
    await recordLlmUsage(redis, viewer.id, 'assistant', result.usage);
    return {
      conversationId: id,
      answer: result.text,
      citations,
      usage: { ...result.usage, provider: result.provider },
    };
  }

  /** The viewer's live conversations, newest first (an expired history is left out). */
  async conversations(ctx: AuthContext): Promise<Conversation[]> {
    const viewer = requireViewer(ctx);
    const entries = await this.runtime.redis.hgetall(conversationsKey(viewer.id));
    const list: Conversation[] = [];
    for (const [id, raw] of Object.entries(entries)) {
      if (!(await this.runtime.redis.exists(historyKey(viewer.id, id)))) continue;
      const { title, updatedAt } = JSON.parse(raw) as { title: string; updatedAt: string };
      list.push({ id, title, updatedAt: new Date(updatedAt) });
    }
    return list.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  }

  /** Forgets one of the viewer's conversations; false when there was none. */
  async clear(ctx: AuthContext, conversationId: string): Promise<boolean> {
    const viewer = requireViewer(ctx);
    const id = requireUuid(conversationId, 'id');
    const [[, removed]] = (await this.runtime.redis
      .multi()
      .hdel(conversationsKey(viewer.id), id)
      .del(historyKey(viewer.id, id))
      .exec()) as [[Error | null, number], [Error | null, number]];
    return removed > 0;
  }

  /** The viewer's own chunks nearest to the question; `owner_id` is the only source of scope. */
  private async retrieve(ownerId: string, question: string, resumeId?: string): Promise<AssistantCitation[]> {
    const embedder = embedderOf(this.runtime);
    const [vector] = await embedder.embed([question]);
    const rows = await this.em.execute<{ chunk_id: string; resume_id: string; text: string }[]>(
      `select chunk_id, resume_id, text from resume_chunks
        where owner_id = ? and model = ? ${resumeId ? 'and resume_id = ?' : ''}
        order by embedding::vector(${embedder.dimensions}) <=> ?::vector(${embedder.dimensions})
        limit ${CITATIONS}`,
      [ownerId, embedder.model, ...(resumeId ? [resumeId] : []), toPgVector(vector)],
    );
    return rows.map((row) => ({
      chunkId: row.chunk_id,
      resumeId: row.resume_id,
      text: redactForPrompt(row.text),
    }));
  }

  /** The viewer's best match with the posting (score, verdict, missing skills), if there is one. */
  private async matchSummary(ownerId: string, jobId: string, resumeId?: string): Promise<string | null> {
    const [row] = await this.em.execute<
      { score: number; verdict: string; title: string; missing_skills: string[] | null }[]
    >(
      `select m.score, m.verdict, j.title, m.explanation -> 'missingSkills' as missing_skills from matches m join job_profiles j on j.job_id = m.job_id
        where m.owner_id = ? and m.job_id = ? ${resumeId ? 'and m.resume_id = ?' : ''}
        order by m.score desc limit 1`,
      [ownerId, requireUuid(jobId, 'context.jobId'), ...(resumeId ? [resumeId] : [])],
    );
    if (!row) return null;
    const missing = row.missing_skills?.length ? `; missing: ${row.missing_skills.join(', ')}` : '';
    return `${row.title}: score ${Math.round(row.score)}/100, ${row.verdict.toLowerCase()}${missing}`;
  }
}

/** The local provider's answer: the passages that bear on the question, cited, and the match. */
export function templateAnswer(
  question: string,
  citations: AssistantCitation[],
  match: string | null,
): string {
  if (citations.length === 0 && !match) {
    return 'I could not find anything in your resumes about that yet. Add or parse a resume and ask again.';
  }
  const parts = [`Here is what your resume shows about "${question.slice(0, 120)}":`];
  citations.forEach((citation, index) => parts.push(`[${index + 1}] ${citation.text.slice(0, 240)}`));
  if (match) parts.push(`Your match with ${match}.`);
  return parts.join('\n');
}
