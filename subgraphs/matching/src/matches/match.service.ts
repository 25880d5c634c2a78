import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmbeddingProvider } from '@hiregraph/ai/embeddings';
import {
  assertOwnerOrAdmin,
  forbidden,
  hasRole,
  requireViewer,
  type AuthContext,
} from '@hiregraph/platform/auth/guards';
import type { Emit } from '@hiregraph/platform/events/transaction';
import { transactionWithEvents } from '@hiregraph/platform/events/transaction';
import type { OutboxRelay } from '@hiregraph/platform/events/outbox';
import { bury } from '@hiregraph/platform/db/tombstones';
import { newId } from '@hiregraph/platform/ids';
import { notFound } from '@hiregraph/platform/errors';
import {
  cursorId,
  decodeKeyCursor,
  encodeKeyCursor,
  requirePageSize,
  toConnection,
  type Connection,
  type PageArgs,
} from '@hiregraph/platform/subgraph/pagination';
import { badUserInput } from '@hiregraph/platform/errors';
import { KnownResume } from '../known-resumes/known-resume.entity.js';
import { Match, MatchVerdict, type MatchEvidence, type MatchExplanation } from './match.entity.js';
import type { MatchFilter } from './match.inputs.js';
import { loadJobs, loadPreferences, loadResume, pgArray, type StoredJob } from './projections.js';
import {
  calibrationFor,
  prepareJob,
  prepareResume,
  rankMatch,
  rescaleSimilarity,
  type RankedMatch,
} from './ranking.js';
import { candidateOpenJobs, lexicalTermsOf, nearestResumes, similarityToJobs, vectorOf } from './search.js';
import { dequeue } from './queue.js';

/** Jobs considered per resume (vector and lexical channels fused), and resumes per new or changed job. */
export const JOB_CANDIDATES = 300;
export const RESUME_CANDIDATES = 500;
/** A re-announcement needs at least this many more points than the score last announced. */
export const IMPROVEMENT_STEP = 1;

export interface MatchingStatus {
  upToDate: boolean;
  resumeVersion: number | null;
  matchedVersion: number | null;
  computedAt: Date | null;
  pendingJobs: number;
  matchCount: number;
}

export interface JobCandidateRow {
  match: Match;
}

const round = (score: number) => Math.round(score * 10) / 10;

function explanationOf(ranked: RankedMatch): MatchExplanation {
  return {
    matchedSkills: ranked.matchedSkills,
    missingSkills: ranked.missingSkills,
    recommendation: ranked.recommendation,
    evidence: ranked.evidence.map((item) => ({ ...item })),
    components: ranked.components,
    qualifications: ranked.qualifications,
    signals: ranked.signals,
  };
}

interface Scored {
  jobId: string;
  resumeId: string;
  ownerId: string;
  ranked: RankedMatch;
  resumeVersion: number;
  jobHash: string;
}

/**
 * Computes, stores and serves matches. Recomputes run from the debounced queue (worker) or inline
 * when a reader finds a resume's matches stale; both are idempotent (a pair's row is upserted, a
 * score announced once per improvement).
 */
export class MatchService {
  constructor(private readonly em: EntityManager) {}

  // ---------------------------------------------------------------- computing

  /** Recomputes one resume's matches against the open jobs nearest to it, in `tx`. */
  static async recomputeResume(
    tx: EntityManager,
    emit: Emit,
    model: string,
    resumeId: string,
  ): Promise<void> {
    await dequeue(tx, 'resume', resumeId);
    // One recompute of a resume at a time; a second waits and then sees the first's rows.
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`matches:resume:${resumeId}`]);
    const stored = await loadResume(tx, resumeId, model);
    const vector = stored ? await vectorOf(tx, 'resume_vectors', 'resume_id', resumeId, model) : null;
    if (!stored || !vector) {
      await tx.execute('delete from matches where resume_id = ?', [resumeId]);
      return;
    }
    const preferences = await loadPreferences(tx, stored.profile.ownerId);
    // Both channels (vector and full text), fused by reciprocal rank; see search.ts.
    const candidates = await candidateOpenJobs(
      tx,
      model,
      vector,
      lexicalTermsOf(stored.profile, preferences),
      JOB_CANDIDATES,
    );
    const similarity = new Map(candidates.map((n) => [n.id, n.similarity]));
    const retrieval = new Map(candidates.map((n) => [n.id, n]));
    // Pairs found from the job side stay candidates even when outside this resume's candidate set.
    const known = await tx.execute<{ job_id: string }[]>('select job_id from matches where resume_id = ?', [
      resumeId,
    ]);
    const extra = known.map((row) => row.job_id).filter((id) => !similarity.has(id));
    for (const [jobId, value] of await similarityToJobs(tx, model, vector, extra))
      similarity.set(jobId, value);
    const jobs = await loadJobs(tx, [...similarity.keys()]);
    const resume = prepareResume(stored.profile);
    const calibration = calibrationFor(model);
    const scored: Scored[] = [];
    for (const [jobId, sim] of similarity) {
      const job = jobs.get(jobId);
      if (!job || job.closed) continue;
      const found = retrieval.get(jobId);
      scored.push({
        jobId,
        resumeId,
        ownerId: stored.profile.ownerId,
        ranked: rankMatch(resume, prepareJob(job.profile), {
          semantic: rescaleSimilarity(sim, calibration),
          preferences,
          retrieval: found
            ? { vectorRank: found.vectorRank, lexicalRank: found.lexicalRank, fused: found.fused }
            : undefined,
        }),
        resumeVersion: stored.version,
        jobHash: job.contentHash,
      });
    }
    await MatchService.store(tx, emit, scored, preferences.matchThreshold);
    const keep = scored.map((item) => item.jobId);
    await tx.execute('delete from matches where resume_id = ? and not (job_id = any(?::uuid[]))', [
      resumeId,
      pgArray(keep),
    ]);
    await tx.execute(
      'update resume_profiles set matched_version = version, matched_at = now() where resume_id = ?',
      [resumeId],
    );
  }

  /** Recomputes a new or changed job's matches with the resumes nearest to it, in `tx`. */
  static async recomputeJob(tx: EntityManager, emit: Emit, model: string, jobId: string): Promise<void> {
    await dequeue(tx, 'job', jobId);
    const job = (await loadJobs(tx, [jobId])).get(jobId);
    const vector = job && !job.closed ? await vectorOf(tx, 'job_embeddings', 'job_id', jobId, model) : null;
    if (!job || job.closed || !vector) {
      await tx.execute('delete from matches where job_id = ?', [jobId]);
      return;
    }
    const prepared = prepareJob(job.profile);
    const calibration = calibrationFor(model);
    const neighbours = await nearestResumes(tx, model, vector, RESUME_CANDIDATES);
    for (const { id: resumeId, similarity } of neighbours) {
      await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
        `matches:resume:${resumeId}`,
      ]);
      const stored = await loadResume(tx, resumeId, model);
      if (!stored) continue;
      const preferences = await loadPreferences(tx, stored.profile.ownerId);
      const ranked = rankMatch(prepareResume(stored.profile), prepared, {
        semantic: rescaleSimilarity(similarity, calibration),
        preferences,
      });
      await MatchService.store(
        tx,
        emit,
        [
          {
            jobId,
            resumeId,
            ownerId: stored.profile.ownerId,
            ranked,
            resumeVersion: stored.version,
            jobHash: job.contentHash,
          },
        ],
        preferences.matchThreshold,
      );
    }
  }

  /** Upserts scored pairs; announces those at or above the threshold that beat the last announcement. */
  private static async store(
    tx: EntityManager,
    emit: Emit,
    scored: Scored[],
    threshold: number,
  ): Promise<void> {
    for (const item of scored) {
      const score = round(item.ranked.score);
      const [row] = await tx.execute<{ id: string; announced_score: number | null }[]>(
        `insert into matches (id, resume_id, job_id, owner_id, score, verdict, explanation, resume_version, job_hash,
           computed_at, created_at)
         values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, now(), now())
         on conflict (resume_id, job_id) do update set score = excluded.score, verdict = excluded.verdict,
           explanation = excluded.explanation, resume_version = excluded.resume_version,
           job_hash = excluded.job_hash, owner_id = excluded.owner_id, computed_at = excluded.computed_at
         returning id, announced_score`,
        [
          newId(),
          item.resumeId,
          item.jobId,
          item.ownerId,
          score,
          item.ranked.verdict,
          JSON.stringify(explanationOf(item.ranked)),
          item.resumeVersion,
          item.jobHash,
        ],
      );
      if (score < threshold) continue;
      const previous = row.announced_score === null ? null : Number(row.announced_score);
      if (previous !== null && score < previous + IMPROVEMENT_STEP) continue;
      // Conditional, so two recomputes racing on the same pair announce it once.
      const claimed = await tx.execute<{ id: string }[]>(
        `update matches set announced_score = ? where id = ?
           and (announced_score is null or announced_score + ? <= ?) returning id`,
        [score, row.id, IMPROVEMENT_STEP, score],
      );
      if (claimed.length === 0) continue;
      await emit('match.found', {
        matchId: row.id,
        resumeId: item.resumeId,
        jobId: item.jobId,
        ownerId: item.ownerId,
        score,
        previousScore: previous,
      });
      // The posting's recruiter hears of it only when the owner is open to recruiters (as of now).
      const [visibility] = await tx.execute<{ open: boolean | null; posted_by_id: string | null }[]>(
        `select (select open_to_recruiters from owner_preferences where owner_id = ?) as open,
           (select posted_by_id from job_profiles where job_id = ?) as posted_by_id`,
        [item.ownerId, item.jobId],
      );
      if (visibility?.open) {
        await emit('match.candidate_found', {
          matchId: row.id,
          jobId: item.jobId,
          postedById: visibility.posted_by_id,
          resumeId: item.resumeId,
          score,
          previousScore: previous,
        });
      }
    }
  }

  // ---------------------------------------------------------------- reading

  private async ownerOf(ctx: AuthContext, resumeId: string): Promise<string | null> {
    const known = await this.em.findOne(KnownResume, { resumeId });
    if (known) {
      assertOwnerOrAdmin(ctx, known.ownerId);
      return known.ownerId;
    }
    requireViewer(ctx);
    return null;
  }

  /** Whether a resume's stored matches reflect its latest version and every job change so far. */
  async status(ctx: AuthContext, resumeId: string): Promise<MatchingStatus> {
    const owner = await this.ownerOf(ctx, resumeId);
    const [row] = owner
      ? await this.em.execute<any[]>(
          'select version, matched_version, matched_at from resume_profiles where resume_id = ?',
          [resumeId],
        )
      : [];
    const [{ count: pendingJobs }] = await this.em.execute<{ count: string }[]>(
      "select count(*) from match_queue where kind = 'job'",
    );
    const [{ count: pendingResume }] = await this.em.execute<{ count: string }[]>(
      "select count(*) from match_queue where kind = 'resume' and subject_id = ?",
      [resumeId],
    );
    const [{ count: matchCount }] = await this.em.execute<{ count: string }[]>(
      'select count(*) from matches where resume_id = ?',
      [resumeId],
    );
    const resumeVersion = row ? Number(row.version) : null;
    const matchedVersion = row?.matched_version ?? null;
    return {
      upToDate:
        row !== undefined &&
        matchedVersion === resumeVersion &&
        Number(pendingJobs) === 0 &&
        Number(pendingResume) === 0,
      resumeVersion,
      matchedVersion,
      computedAt: row?.matched_at ? new Date(row.matched_at) : null,
      pendingJobs: Number(pendingJobs),
      matchCount: Number(matchCount),
    };
  }

  /**
   * Whether a read must recompute a resume's matches first: its profile changed since they were
   * computed, its own recompute is queued, or a queued posting concerns it — one it is matched with,
   * or one at least as near to it as the farthest posting it is matched with (it would enter its
   * list). Postings queued for other resumes are left to the worker, so reading is not charged for
   * every posting queued anywhere. A resume without a profile has nothing to recompute.
   */
  private async staleForReading(resumeId: string, model: string): Promise<boolean> {
    const [row] = await this.em.execute<{ stale: boolean }[]>(
      `with v as (select embedding from resume_vectors where resume_id = ? and model = ?),
       radius as (
         select min(1 - (e.embedding <=> v.embedding)) as similarity
         from matches m join job_embeddings e on e.job_id = m.job_id and e.model = ? cross join v
         where m.resume_id = ?)
       select p.matched_version is distinct from p.version
         or exists (select 1 from match_queue q where q.kind = 'resume' and q.subject_id = p.resume_id)
         or exists (
           select 1 from match_queue q
           where q.kind = 'job' and (
             exists (select 1 from matches m where m.resume_id = p.resume_id and m.job_id = q.subject_id)
             or exists (
               select 1 from job_embeddings e cross join v
               where e.job_id = q.subject_id and e.model = ? and e.open
                 and 1 - (e.embedding <=> v.embedding) >= coalesce((select similarity from radius), -2))))
         as stale
       from resume_profiles p where p.resume_id = ?`,
      [resumeId, model, model, resumeId, model, resumeId],
    );
    return row?.stale === true;
  }

  /**
   * A resume's matches, best first, for its owner or an admin. Stale matches (a newer resume version
   * or queued changes) are recomputed first, so a reader never waits for the debounce.
   */
  async listForResume(
    ctx: AuthContext,
    outbox: OutboxRelay,
    provider: EmbeddingProvider,
    resumeId: string,
    filter: MatchFilter | null | undefined,
    page: PageArgs,
  ): Promise<Connection<Match>> {
    const first = requirePageSize(page.first);
    const after = page.after == null ? null : decodeScoreCursor(page.after);
    const owner = await this.ownerOf(ctx, resumeId);
    if (owner && (await this.staleForReading(resumeId, provider.model))) {
      await transactionWithEvents(this.em.fork(), outbox, (tx, emit) =>
        MatchService.recomputeResume(tx, emit, provider.model, resumeId),
      );
    }
    const conditions = ['m.resume_id = ?'];
    const values: unknown[] = [resumeId];
    if (filter?.minScore != null) {
      conditions.push('m.score >= ?');
      values.push(filter.minScore);
    }
    if (filter?.verdicts && filter.verdicts.length > 0) {
      conditions.push('m.verdict = any(?::text[])');
      values.push(pgArray(filter.verdicts));
    }
    if (filter?.remoteOnly) conditions.push("j.remote = 'REMOTE'");
    const where = conditions.join(' and ');
    const [{ count }] = await this.em.execute<{ count: string }[]>(
      `select count(*) from matches m join job_profiles j on j.job_id = m.job_id where ${where}`,
      values,
    );
    const seek = after ? ' and (m.score < ? or (m.score = ? and m.job_id > ?))' : '';
    const rows = await this.em.execute<any[]>(
      `select m.* from matches m join job_profiles j on j.job_id = m.job_id where ${where}${seek}
       order by m.score desc, m.job_id asc limit ?`,
      [...values, ...(after ? [after.score, after.score, after.id] : []), first + 1],
    );
    const matches = rows.map((row) => this.em.map(Match, row));
    return toConnection(matches, first, {
      hasPreviousPage: after !== null,
      totalCount: Number(count),
      cursorOf: (match) => encodeKeyCursor([match.score, match.jobId]),
    });
  }

  /**
   * Candidates for a posting: its poster (a recruiter) or an admin. Only resumes whose owners opted in
   * to recruiters; evidence stripped of contact details.
   */
  async candidatesForJob(ctx: AuthContext, jobId: string, page: PageArgs): Promise<Connection<Match>> {
    const viewer = requireViewer(ctx);
    const first = requirePageSize(page.first);
    const after = page.after == null ? null : decodeScoreCursor(page.after);
    const [job] = await this.em.execute<{ posted_by_id: string | null }[]>(
      'select posted_by_id from job_profiles where job_id = ?',
      [jobId],
    );
    if (!job) {
      if (!hasRole(viewer, 'ADMIN', 'RECRUITER')) throw forbidden();
      throw notFound('No such job');
    }
    const isPoster = job.posted_by_id === viewer.id && hasRole(viewer, 'RECRUITER', 'ADMIN');
    if (!isPoster && !hasRole(viewer, 'ADMIN'))
      throw forbidden('Only the posting’s recruiter may see its candidates');
    const where = 'm.job_id = ? and p.open_to_recruiters';
    const join = 'join owner_preferences p on p.owner_id = m.owner_id';
    const [{ count }] = await this.em.execute<{ count: string }[]>(
      `select count(*) from matches m ${join} where ${where}`,
      [jobId],
    );
    const seek = after ? ' and (m.score < ? or (m.score = ? and m.resume_id > ?))' : '';
    const rows = await this.em.execute<any[]>(
      `select m.* from matches m ${join} where ${where}${seek} order by m.score desc, m.resume_id asc limit ?`,
      [jobId, ...(after ? [after.score, after.score, after.id] : []), first + 1],
    );
    const matches = rows.map((row) => {
      const match = this.em.map(Match, row);
      match.explanation = { ...match.explanation, evidence: match.explanation.evidence.map(redactEvidence) };
      return match;
    });
    return toConnection(matches, first, {
      hasPreviousPage: after !== null,
      totalCount: Number(count),
      cursorOf: (match) => encodeKeyCursor([match.score, match.resumeId]),
    });
  }

  // ---------------------------------------------------------------- forgetting

  /** A closed posting leaves the candidates and takes its matches with it. */
  static async closeJob(tx: EntityManager, jobId: string, at: Date, removed: boolean): Promise<void> {
    if (removed) await bury(tx, 'job', jobId);
    await tx.execute('update job_profiles set closed_at = ? where job_id = ?', [at, jobId]);
    await tx.execute('update job_embeddings set open = false where job_id = ?', [jobId]);
    await tx.execute('delete from matches where job_id = ?', [jobId]);
    await dequeue(tx, 'job', jobId);
  }
}

function decodeScoreCursor(cursor: string): { score: number; id: string } {
  const [score, id] = decodeKeyCursor(cursor, 2);
  if (typeof score !== 'number') throw badUserInput('after is not a valid cursor', { field: 'after' });
  return { score, id: cursorId(id) };
}

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const PHONE = /\+?\d[\d\s().-]{7,}\d/g;
const URL = /\b(https?:\/\/|www\.)\S+/gi;

/** Evidence as a recruiter sees it: no email, phone or links, whatever the resume's text holds. */
export function redactEvidence(evidence: MatchEvidence): MatchEvidence {
  const text = evidence.text.replace(EMAIL, '[email]').replace(PHONE, '[phone]').replace(URL, '[link]');
  const start = text.indexOf(evidence.quote);
  return { ...evidence, text, start: start, end: start >= 0 ? start + evidence.quote.length : -1 };
}

export type { StoredJob };
export { MatchVerdict };
