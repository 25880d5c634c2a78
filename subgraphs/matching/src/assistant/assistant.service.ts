import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireViewer, type AuthContext } from '@hiregraph/platform/auth/guards';
import { toPgVector } from '@hiregraph/ai/embeddings';
import { aiLimitsFor } from '@hiregraph/ai/limits';
import { LivePublisher, liveSubject } from '@hiregraph/platform/events/live';
import { newId } from '@hiregraph/platform/ids';
import { recordLlmUsage } from '@hiregraph/ai/llm-usage';
import { redactForPrompt } from '@hiregraph/ai/redact';
import { badUserInput, notFound } from '@hiregraph/platform/errors';
import { requireUuid } from '@hiregraph/platform/validation';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import type { MatchingServices } from '../services.js';
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
const ANALYSES = 3;
const MISSING_IN_PROMPT = 8;
const UNTITLED = 'New conversation';

/** The viewer's conversations: a hash conversationId → {title, updatedAt}. */
export const conversationsKey = (userId: string) => `chat:history:${userId}`;
/** One conversation's turns, oldest first (JSON {role, text}). */
export const historyKey = (userId: string, conversationId: string) =>
  `chat:history:${userId}:${conversationId}`;
/** Subject of a conversation's tokens on the live stream (libs/platform/src/events/live.ts). */
export const assistantTokenSubject = (namespace: string, conversationId: string) =>
  liveSubject(namespace, 'assistant.reply', conversationId);

interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

/** A conversation as the hash keeps it; `title` stays null until given or until the first question. */
interface ConversationEntry {
  title: string | null;
  updatedAt: string;
}

/** One of the viewer's analyses as prompts may carry it: no salary, no contacts. */
export interface AnalysisSummary {
  target: string;
  score: number;
  verdict: string;
  missing: string[];
}

export class AssistantService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: SubgraphRuntime,
    private readonly services: MatchingServices,
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
    const existing = conversationId ? await this.entry(viewer.id, id) : null;
    if (conversationId && !existing) {
      throw notFound('Conversation not found (conversations end an hour after the last message)');
    }
    // An explicit resume must be the viewer's own: another user's is FORBIDDEN.
    const resume = context?.resumeId ? await loadResumeContext(ctx, this.em, context.resumeId) : null;
    const jobId = context?.jobId ? requireUuid(context.jobId, 'context.jobId') : null;
    // Counted only for a question that will be answered.
    await aiLimitsFor(redis, this.runtime.config.env).consume(viewer, 'assistant');

    const citations = await this.retrieve(viewer.id, question, resume?.resumeId);
    const match = jobId ? await this.matchSummary(viewer.id, jobId, resume?.resumeId) : null;
    const analyses = await this.analysisSummaries(viewer.id, resume?.resumeId ?? null, jobId);
    const history = (await redis.lrange(historyKey(viewer.id, id), -MAX_TURNS_IN_PROMPT * 2, -1)).map(
      (raw) => JSON.parse(raw) as Turn,
    );

    const tokens = new ReplyTokens(this.runtime, id);
    const result = await this.services.llm.stream(
      {
        task: 'assistant',
        system:
          'You are a career assistant. Answer only from the passages of the user’s own resume, the match and the analyses given; cite passages as [n]. Never invent experience.',
        user: [
          ...history.map((turn) => `${turn.role === 'user' ? 'User' : 'Assistant'}: ${turn.text}`),
          '# Resume passages',
          ...citations.map((citation, index) => `[${index + 1}] ${citation.text}`),
          ...(match ? ['# Match', match] : []),
          ...(analyses.length ? ['# Analyses', ...analyses.map(describeAnalysis)] : []),
          '# Question',
          question,
        ].join('\n'),
        maxTokens: 600,
        temperature: 0.3,
      },
      (token) => tokens.push(token),
      () => templateAnswer(question, citations, match, analyses),
    );
    await tokens.finish(result.text);

    const now = new Date();
    const title = existing?.title ?? question.slice(0, 80);
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
        JSON.stringify({ title, updatedAt: now.toISOString() } satisfies ConversationEntry),
      )
      .expire(conversationsKey(viewer.id), HISTORY_TTL_SECONDS)
      .exec();
    await recordLlmUsage(redis, viewer.id, 'assistant', result.usage);
    return {
      conversationId: id,
      replyId: tokens.replyId,
      answer: result.text,
      citations,
      usage: { ...result.usage, provider: result.provider },
    };
  }

  /**
   * A new, empty conversation of the viewer's, so a client can subscribe to `assistantReply`
   * before asking. It lasts an hour unless a question keeps it alive.
   */
  async start(ctx: AuthContext, title: string | null | undefined): Promise<Conversation> {
    const viewer = requireViewer(ctx);
    const trimmed = title?.trim() || null;
    if (trimmed && trimmed.length > 200) {
      throw badUserInput('title must be at most 200 characters', { field: 'title' });
    }
    const id = randomUUID();
    const updatedAt = new Date();
    await this.runtime.redis
      .multi()
      .hset(
        conversationsKey(viewer.id),
        id,
        JSON.stringify({ title: trimmed, updatedAt: updatedAt.toISOString() } satisfies ConversationEntry),
      )
      .expire(conversationsKey(viewer.id), HISTORY_TTL_SECONDS)
      .exec();
    return { id, title: trimmed ?? UNTITLED, updatedAt };
  }

  /** One of the viewer's live conversations; anyone else's id (or an expired one) is null. */
  async conversation(ctx: AuthContext, conversationId: string): Promise<Conversation | null> {
    const viewer = requireViewer(ctx);
    const id = requireUuid(conversationId, 'id');
    const entry = await this.entry(viewer.id, id);
    return entry ? toConversation(id, entry) : null;
  }

  /** The viewer's entry for `id`, unless it is older than the history's hour. */
  private async entry(userId: string, id: string): Promise<ConversationEntry | null> {
    const raw = await this.runtime.redis.hget(conversationsKey(userId), id);
    if (!raw) return null;
    const entry = JSON.parse(raw) as ConversationEntry;
    return isLive(entry) ? entry : null;
  }

  /** The viewer's live conversations, newest first (an expired history is left out). */
  async conversations(ctx: AuthContext): Promise<Conversation[]> {
    const viewer = requireViewer(ctx);
    const entries = await this.runtime.redis.hgetall(conversationsKey(viewer.id));
    const list: Conversation[] = [];
    // The hash lives as long as the newest conversation: older entries past their hour are left out.
    for (const [id, raw] of Object.entries(entries)) {
      const entry = JSON.parse(raw) as ConversationEntry;
      if (isLive(entry)) list.push(toConversation(id, entry));
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
    const { embedder } = this.services;
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

  /**
   * The viewer's latest SUCCEEDED analysis of each resume and target, narrowed to the resume and
   * the job asked about: score, verdict and the requirements the resume misses. `owner_id` is the
   * only source of scope (an admin asking sees their own too); target titles are redacted.
   */
  private async analysisSummaries(
    ownerId: string,
    resumeId: string | null,
    jobId: string | null,
  ): Promise<AnalysisSummary[]> {
    const rows = await this.em.execute<
      {
        score: number;
        verdict: string;
        matches: { requirement: string; status: string; key: boolean }[];
        job_title: string | null;
        company: string | null;
        requirements_title: string | null;
      }[]
    >(
      `select latest.score, latest.verdict, latest.matches, j.title as job_title, j.company,
              r.title as requirements_title
         from (select distinct on (a.resume_id, a.job_id, a.requirements_id) a.*
                 from analyses a
                where a.owner_id = ? and a.status = 'SUCCEEDED'
                  ${resumeId ? 'and a.resume_id = ?' : ''} ${jobId ? 'and a.job_id = ?' : ''}
                order by a.resume_id, a.job_id, a.requirements_id, a.completed_at desc) latest
         left join job_profiles j on j.job_id = latest.job_id
         left join requirements r on r.id = latest.requirements_id and r.owner_id = latest.owner_id
        order by latest.completed_at desc
        limit ${ANALYSES}`,
      [ownerId, ...(resumeId ? [resumeId] : []), ...(jobId ? [jobId] : [])],
    );
    return rows.map((row) => {
      const target = row.job_title
        ? `${row.job_title}${row.company ? ` at ${row.company}` : ''}`
        : row.requirements_title
          ? `your requirements "${row.requirements_title}"`
          : 'a posting';
      const missing = row.matches
        .filter((match) => match.status === 'MISSING')
        .sort((a, b) => Number(b.key) - Number(a.key))
        .slice(0, MISSING_IN_PROMPT)
        .map((match) => match.requirement);
      return { target: redactForPrompt(target), score: row.score, verdict: row.verdict, missing };
    });
  }
}

/** The local provider's answer: the passages that bear on the question, cited, the match and the analyses. */
export function templateAnswer(
  question: string,
  citations: AssistantCitation[],
  match: string | null,
  analyses: AnalysisSummary[] = [],
): string {
  if (citations.length === 0 && !match && analyses.length === 0) {
    return 'I could not find anything in your resumes about that yet. Add or parse a resume and ask again.';
  }
  const parts = [`Here is what your resume shows about "${question.slice(0, 120)}":`];
  citations.forEach((citation, index) => parts.push(`[${index + 1}] ${citation.text.slice(0, 240)}`));
  if (match) parts.push(`Your match with ${match}.`);
  for (const analysis of analyses) parts.push(`Your analysis against ${describeAnalysis(analysis)}.`);
  return parts.join('\n');
}

/** "Staff Engineer: score 62/100, partial; missing: kubernetes, 5+ years" */
export function describeAnalysis(analysis: AnalysisSummary): string {
  const missing = analysis.missing.length ? `; missing: ${analysis.missing.join(', ')}` : '';
  return `${analysis.target}: score ${Math.round(analysis.score)}/100, ${analysis.verdict.toLowerCase()}${missing}`;
}

function isLive(entry: ConversationEntry, now = Date.now()): boolean {
  return Date.parse(entry.updatedAt) + HISTORY_TTL_SECONDS * 1000 > now;
}

function toConversation(id: string, entry: ConversationEntry): Conversation {
  return { id, title: entry.title ?? UNTITLED, updatedAt: new Date(entry.updatedAt) };
}

/**
 * One answer's tokens on the live stream, in order: each token is its own JetStream message (a
 * model streams tens of tokens a second, well within what one stream takes, and a message per
 * token keeps the time to first token at the model's), the last one has done = true and the
 * answer's length. Publishes are pipelined and awaited at the end; the live stream is a view of
 * the answer the mutation returns, so a failed publish is logged and does not fail the question.
 */
class ReplyTokens {
  readonly replyId = newId();
  private sequence = 0;
  private readonly pending: Promise<unknown>[] = [];
  private readonly publisher: LivePublisher;
  private readonly ready: Promise<boolean>;

  constructor(
    private readonly runtime: SubgraphRuntime,
    private readonly conversationId: string,
  ) {
    this.publisher = LivePublisher.of(
      runtime.bus.connection,
      runtime.config.EVENT_NAMESPACE,
      runtime.config.NATS_REPLICAS,
    );
    this.ready = this.publisher.ensure().then(
      () => true,
      (error: unknown) => {
        runtime.logger.warn({ err: error }, 'assistant: live stream unavailable; tokens not streamed');
        return false;
      },
    );
  }

  push(token: string, done = false, answerLength?: number): void {
    const sequence = this.sequence++;
    const message = {
      conversationId: this.conversationId,
      replyId: this.replyId,
      sequence,
      token,
      done,
      ...(answerLength === undefined ? {} : { answerLength }),
    };
    // Chained on `ready`, so every publish starts in the order the tokens came.
    this.pending.push(
      this.ready.then((ready) =>
        ready
          ? this.publisher.publish(
              'assistant.reply',
              this.conversationId,
              message,
              `${this.replyId}:${sequence}`,
            )
          : undefined,
      ),
    );
  }

  async finish(answer: string): Promise<void> {
    this.push('', true, answer.length);
    const results = await Promise.allSettled(this.pending);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) {
      this.runtime.logger.warn(
        { err: failed.reason, conversationId: this.conversationId },
        'assistant: publishing tokens failed',
      );
    }
  }
}
