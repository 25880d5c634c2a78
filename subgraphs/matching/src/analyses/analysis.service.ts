import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import {
  assertOwnerOrAdmin,
  forbidden,
  hasRole,
  requireViewer,
  type AuthContext,
} from '@hiregraph/platform/auth/guards';
import { badUserInput, notFound } from '@hiregraph/platform/errors';
import { transactionWithEvents } from '@hiregraph/platform/events/transaction';
import type { OutboxRelay } from '@hiregraph/platform/events/outbox';
import { refuseDeletedAccount } from '@hiregraph/platform/db/tombstones';
import { paginate, type Connection, type PageArgs } from '@hiregraph/platform/subgraph/pagination';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import type { EmbeddingProvider } from '@hiregraph/ai/embeddings';
import { requireUuid } from '@hiregraph/platform/validation';
import { aiLimitsFor } from '@hiregraph/ai/limits';
import { recordLlmUsage } from '@hiregraph/ai/llm-usage';
import { seal, sealingKey, unseal } from '@hiregraph/platform/crypto/sealing';
import { deliverCallback, validateWebhookUrl } from '@hiregraph/platform/webhooks/sender';
import { newWebhookSecret } from '@hiregraph/platform/webhooks/signature';
import { KnownResume } from '../known-resumes/known-resume.entity.js';
import { MatchVerdict } from '../matches/match.entity.js';
import { loadJobs, loadResume } from '../matches/projections.js';
import type { JobProfile } from '../matches/profiles.js';
import {
  calibrationFor,
  prepareJob,
  prepareResume,
  rescaleSimilarity,
  type PreparedJob,
} from '../matches/ranking.js';
import { vectorOf } from '../matches/search.js';
import { Requirements } from '../requirements/requirements.entity.js';
import { refuseUnready } from '../requirements/requirements.service.js';
import type { MatchingSettings } from '../environment.js';
import type { MatchingServices } from '../services.js';
import { analyse, capResult, type AnalysisResult } from './analysis.compute.js';
import { Analysis, AnalysisStatus, CallbackStatus, type RequirementMatch } from './analysis.entity.js';
import type { AnalysisTarget } from './analysis.inputs.js';
import { ANALYSIS_SYSTEM_PROMPT, analysisPrompt } from './analysis.prompt.js';

const callbackKey = (settings: MatchingSettings) =>
  sealingKey(settings.ANALYSIS_CALLBACK_KEY_SECRET, 'analysis-callbacks');

/** Why an analysis cannot be computed, in words its owner understands. */
class AnalysisFailure extends Error {}

const refinedRecommendation = z.object({ recommendation: z.string().min(1).max(2000) });

/**
 * Analyses of a resume against a job or the owner's requirements. A request is stored IN_PROGRESS
 * with an internal `analysis.requested` event; the worker (analysis.worker.ts) computes it, records
 * SUCCEEDED or FAILED, emits `analysis.completed` and POSTs the callback.
 */
export class AnalysisService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: SubgraphRuntime,
    private readonly services: MatchingServices,
  ) {}

  private get outbox(): OutboxRelay {
    return this.runtime.outbox;
  }

  async request(
    ctx: AuthContext,
    resumeId: string,
    target: AnalysisTarget,
    callbackUrl: string | null | undefined,
  ): Promise<Analysis> {
    const viewer = requireViewer(ctx);
    const jobId = target.jobId != null ? requireUuid(target.jobId, 'target.jobId') : null;
    const requirementsId =
      target.requirementsId != null ? requireUuid(target.requirementsId, 'target.requirementsId') : null;
    if ((jobId === null) === (requirementsId === null))
      throw badUserInput('Give exactly one of target.jobId and target.requirementsId', { field: 'target' });
    const { settings } = this.services;
    const url =
      callbackUrl == null
        ? null
        : validateWebhookUrl(callbackUrl, 'callbackUrl', {
            allowPrivateNetworks: settings.ANALYSIS_CALLBACKS_ALLOW_PRIVATE_NETWORKS,
          });
    const known = await this.em.findOne(KnownResume, { resumeId });
    if (!known) throw notFound('No such resume');
    assertOwnerOrAdmin(ctx, known.ownerId);
    if (requirementsId) {
      const requirements = await this.em.findOne(Requirements, { id: requirementsId });
      if (!requirements) throw notFound('No such requirements');
      assertOwnerOrAdmin(ctx, requirements.ownerId);
      // Even for an admin: one user's requirements never meet another user's resume.
      if (requirements.ownerId !== known.ownerId)
        throw forbidden('The requirements and the resume belong to different users');
      refuseUnready(requirements);
    }
    // Counted only for a request that will run.
    await aiLimitsFor(this.runtime.redis, this.runtime.config.env).consume(viewer, 'analysis');
    const secret = url ? newWebhookSecret() : null;
    const analysis = await transactionWithEvents(this.em.fork(), this.outbox, async (tx, emit) => {
      await refuseDeletedAccount(tx, known.ownerId);
      const created = tx.create(Analysis, {
        ownerId: known.ownerId,
        resumeId,
        jobId,
        requirementsId,
        callbackUrl: url,
        callbackSecretSealed: secret ? seal(callbackKey(this.services.settings), secret) : null,
        callbackStatus: url ? CallbackStatus.PENDING : null,
      });
      await tx.flush();
      await emit('analysis.requested', { analysisId: created.id });
      return created;
    });
    analysis.callbackSecret = secret;
    return analysis;
  }

  /** A resume's analyses, newest first: its owner or an admin. */
  async list(ctx: AuthContext, resumeId: string, page: PageArgs): Promise<Connection<Analysis>> {
    const viewer = requireViewer(ctx);
    const known = await this.em.findOne(KnownResume, { resumeId });
    if (known) assertOwnerOrAdmin(ctx, known.ownerId);
    const where = hasRole(viewer, 'ADMIN') ? { resumeId } : { resumeId, ownerId: viewer.id };
    return paginate(this.em, Analysis, where, page, 'desc');
  }

  async delete(ctx: AuthContext, id: string): Promise<boolean> {
    const analysis = await this.em.findOne(Analysis, { id });
    if (!analysis) throw notFound('No such analysis');
    assertOwnerOrAdmin(ctx, analysis.ownerId);
    await this.em.nativeDelete(Analysis, { id });
    return true;
  }

  // ---------------------------------------------------------------- the worker's side

  /**
   * Completes an IN_PROGRESS analysis: SUCCEEDED with the result, or FAILED with a reason; emits
   * analysis.completed. A redelivered request for a finished analysis does nothing here.
   */
  static async complete(
    runtime: SubgraphRuntime,
    services: MatchingServices,
    analysisId: string,
  ): Promise<void> {
    const em = runtime.orm.em.fork() as EntityManager;
    const analysis = await em.findOne(Analysis, { id: analysisId });
    if (!analysis || analysis.status !== AnalysisStatus.IN_PROGRESS) return;
    let result: AnalysisResult | null = null;
    let reason: string | null = null;
    try {
      result = await AnalysisService.compute(runtime, services, em, analysis);
    } catch (error) {
      if (!(error instanceof AnalysisFailure)) {
        runtime.logger.error({ err: error, analysisId }, 'analysis failed unexpectedly');
      }
      reason = error instanceof AnalysisFailure ? error.message : 'The analysis could not be computed.';
    }
    await transactionWithEvents(em.fork(), runtime.outbox, async (tx, emit) => {
      const values = result
        ? {
            status: AnalysisStatus.SUCCEEDED,
            score: result.score,
            verdict: result.verdict as MatchVerdict,
            matches: result.matches as RequirementMatch[],
            recommendation: result.recommendation,
            failureReason: null,
          }
        : { status: AnalysisStatus.FAILED, failureReason: reason };
      // Conditional: two workers racing on one request complete it once.
      const updated = await tx.nativeUpdate(
        Analysis,
        { id: analysisId, status: AnalysisStatus.IN_PROGRESS },
        { ...values, completedAt: new Date() },
      );
      if (updated === 0) return;
      const event = await emit('analysis.completed', {
        analysisId,
        resumeId: analysis.resumeId,
        ownerId: analysis.ownerId,
        status: result ? 'SUCCEEDED' : 'FAILED',
        score: result?.score ?? null,
        verdict: result?.verdict ?? null,
        reason: result ? null : reason,
      });
      if (analysis.callbackUrl) {
        await tx.nativeUpdate(
          Analysis,
          { id: analysisId },
          {
            callbackPayload: {
              id: event.id,
              type: event.type,
              occurredAt: event.occurredAt,
              data: event.data,
            },
          },
        );
      }
    });
  }

  /** The local analysis, refined (recommendation only) by the configured language model. */
  private static async compute(
    runtime: SubgraphRuntime,
    { embedder, llm }: MatchingServices,
    em: EntityManager,
    analysis: Analysis,
  ): Promise<AnalysisResult> {
    const stored = await loadResume(em, analysis.resumeId, embedder.model);
    if (!stored || stored.profile.ownerId !== analysis.ownerId) {
      throw new AnalysisFailure('The resume is not parsed yet, or was deleted.');
    }
    const resume = prepareResume(stored.profile);
    const { target, targetVector } = await AnalysisService.loadTarget(embedder, em, analysis);
    const resumeVector = await vectorOf(em, 'resume_vectors', 'resume_id', analysis.resumeId, embedder.model);
    const cosine =
      resumeVector && targetVector && resumeVector.length === targetVector.length
        ? resumeVector.reduce((sum, value, index) => sum + value * targetVector[index], 0)
        : 0;
    const local = analyse(resume, target, rescaleSimilarity(cosine, calibrationFor(embedder.model)));
    try {
      const refined = await llm.generate(
        {
          task: 'analysis',
          system: ANALYSIS_SYSTEM_PROMPT,
          user: analysisPrompt(target, local),
          schema: refinedRecommendation,
          schemaName: 'analysis_recommendation',
          maxTokens: 600,
          temperature: 0.2,
        },
        () => ({ recommendation: local.recommendation }),
      );
      void recordLlmUsage(runtime.redis, analysis.ownerId, 'analysis', refined.usage).catch(() => undefined);
      // The model may word the advice; score, verdict, caps and requirements stay computed.
      const { score, verdict } = capResult(local.score, local.keyMet, null, local.verdict);
      return { ...local, score, verdict, recommendation: refined.value.recommendation };
    } catch (error) {
      runtime.logger.warn(
        { err: error, analysisId: analysis.id },
        'language model failed; local advice kept',
      );
      return local;
    }
  }

  private static async loadTarget(
    embedder: EmbeddingProvider,
    em: EntityManager,
    analysis: Analysis,
  ): Promise<{ target: PreparedJob; targetVector: number[] | null }> {
    const model = embedder.model;
    if (analysis.jobId) {
      const job = (await loadJobs(em, [analysis.jobId])).get(analysis.jobId);
      if (!job) throw new AnalysisFailure('The job posting is unknown or was removed.');
      return {
        target: prepareJob(job.profile),
        targetVector: await vectorOf(em, 'job_embeddings', 'job_id', analysis.jobId, model),
      };
    }
    const requirements = await em.findOne(Requirements, { id: analysis.requirementsId! });
    if (!requirements || requirements.ownerId !== analysis.ownerId) {
      throw new AnalysisFailure('The requirements were deleted.');
    }
    const profile: JobProfile = {
      jobId: requirements.id,
      title: requirements.title,
      description: requirements.text,
      seniority: requirements.seniority ?? null,
      yearsMin: requirements.years ?? null,
      requiredSkills: requirements.requiredSkills,
      preferredSkills: requirements.preferredSkills,
    };
    const [vector] = await embedder.embed([`${requirements.title}\n${requirements.text}`]);
    // A user's own text is no posting: the junk heuristics do not apply to it.
    return { target: { ...prepareJob(profile), junk: 0 }, targetVector: vector };
  }

  /**
   * POSTs a completed analysis to its callbackUrl (signed with its secret, through the SSRF guard).
   * Throws while attempts remain, so JetStream redelivers the request on its backoff schedule.
   */
  static async deliver(
    runtime: SubgraphRuntime,
    { settings }: MatchingServices,
    analysisId: string,
    finalAttempt: boolean,
  ): Promise<void> {
    const em = runtime.orm.em.fork() as EntityManager;
    const analysis = await em.findOne(
      Analysis,
      { id: analysisId },
      { populate: ['callbackSecretSealed', 'callbackPayload'] },
    );
    if (
      !analysis?.callbackUrl ||
      analysis.callbackStatus !== CallbackStatus.PENDING ||
      !analysis.callbackPayload ||
      !analysis.callbackSecretSealed
    ) {
      return;
    }
    const attempt = await deliverCallback(analysis.callbackUrl, analysis.callbackPayload, {
      secret: unseal(callbackKey(settings), analysis.callbackSecretSealed),
      allowPrivateNetworks: settings.ANALYSIS_CALLBACKS_ALLOW_PRIVATE_NETWORKS,
      timeoutMs: settings.ANALYSIS_CALLBACK_TIMEOUT_MS,
    });
    const done = attempt.ok || finalAttempt;
    await em.nativeUpdate(
      Analysis,
      { id: analysisId },
      {
        callbackAttempts: analysis.callbackAttempts + 1,
        ...(done
          ? {
              callbackStatus: attempt.ok ? CallbackStatus.DELIVERED : CallbackStatus.FAILED,
              // The secret is needed no more.
              callbackSecretSealed: null,
            }
          : {}),
      },
    );
    if (!done) throw new Error(`callback not delivered: ${attempt.error}`);
  }

  /** A deleted resume takes its finished analyses; one in progress is failed and reported by the worker. */
  static async forgetResume(tx: EntityManager, resumeId: string): Promise<void> {
    await tx.nativeDelete(Analysis, { resumeId, status: { $ne: AnalysisStatus.IN_PROGRESS } });
  }

  static async forgetOwner(tx: EntityManager, ownerId: string): Promise<void> {
    await tx.nativeDelete(Analysis, { ownerId });
  }
}
