import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden } from '@hiregraph/platform/auth/guards';
import { redactForPrompt } from '@hiregraph/ai/redact';
import { isBuried } from '@hiregraph/platform/db/tombstones';
import { conflict, notFound } from '@hiregraph/platform/errors';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { targetOf, type GenerationTarget } from '@hiregraph/platform/graphql/generation-target';
import { TailoringTarget, TargetKind } from './target.entity.js';

/** Characters of a posting's description kept: enough for a prompt, not the whole page. */
export const DESCRIPTION_EXCERPT_LENGTH = 1500;

/** The projection of tailoring targets, and the one a tailoring request may use. */
export class TargetService {
  /** Applies `change` unless a newer event was applied already; creates the row when missing. */
  private static async apply(
    tx: EntityManager,
    id: string,
    occurredAt: Date,
    create: () => Omit<TailoringTarget, 'changedAt'>,
    change: (target: TailoringTarget) => void,
  ): Promise<void> {
    const current = await tx.findOne(TailoringTarget, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!current) {
      tx.persist(Object.assign(new TailoringTarget(), create(), { changedAt: occurredAt }));
      return;
    }
    if (current.changedAt > occurredAt) return;
    change(current);
    current.changedAt = occurredAt;
  }

  /** A posting published or changed: its target is (again) open, with the posting's current text. */
  static async projectJob(
    tx: EntityManager,
    data: EventData<'job.upserted'>,
    occurredAt: Date,
  ): Promise<void> {
    const fields = {
      title: data.title,
      company: data.company,
      requiredSkills: data.requiredSkills,
      preferredSkills: data.preferredSkills,
      description: redactForPrompt(data.description.slice(0, DESCRIPTION_EXCERPT_LENGTH)),
      closedAt: null,
    };
    await TargetService.apply(
      tx,
      data.jobId,
      occurredAt,
      () => ({ id: data.jobId, kind: TargetKind.JOB, ownerId: null, ...fields }),
      (target) => Object.assign(target, fields),
    );
  }

  /** A posting closed; a row is kept (or made) so a late, older job.upserted cannot reopen it. */
  static async closeJob(tx: EntityManager, data: EventData<'job.closed'>, occurredAt: Date): Promise<void> {
    await TargetService.apply(
      tx,
      data.jobId,
      occurredAt,
      () => ({
        id: data.jobId,
        kind: TargetKind.JOB,
        ownerId: null,
        title: '',
        company: null,
        requiredSkills: [],
        preferredSkills: [],
        description: '',
        closedAt: occurredAt,
      }),
      (target) => {
        target.closedAt = occurredAt;
      },
    );
  }

  /** Requirements a user kept; never for an account deleted meanwhile. */
  static async projectRequirements(
    tx: EntityManager,
    data: EventData<'requirements.created'>,
    occurredAt: Date,
  ): Promise<void> {
    if (await isBuried(tx, 'user', data.ownerId)) return;
    await TargetService.apply(
      tx,
      data.requirementsId,
      occurredAt,
      () => ({
        id: data.requirementsId,
        kind: TargetKind.REQUIREMENTS,
        ownerId: data.ownerId,
        title: data.title,
        company: null,
        requiredSkills: data.requiredSkills,
        preferredSkills: data.preferredSkills,
        description: '',
        closedAt: null,
      }),
      // Requirements never change after creation; a row already there was deleted (kept closed).
      () => {},
    );
  }

  /** Deleted requirements: their text is forgotten, a closed row stays against a late requirements.created. */
  static async forgetRequirements(
    tx: EntityManager,
    data: EventData<'requirements.deleted'>,
    occurredAt: Date,
  ): Promise<void> {
    const forgotten = {
      title: '',
      requiredSkills: [],
      preferredSkills: [],
      closedAt: occurredAt,
    };
    await TargetService.apply(
      tx,
      data.requirementsId,
      occurredAt,
      () => ({
        id: data.requirementsId,
        kind: TargetKind.REQUIREMENTS,
        ownerId: data.ownerId,
        company: null,
        description: '',
        ...forgotten,
      }),
      (target) => Object.assign(target, forgotten),
    );
  }

  /** A deleted account's requirements, in the caller's transaction. */
  static async removeAllOf(tx: EntityManager, ownerId: string): Promise<void> {
    await tx.nativeDelete(TailoringTarget, { ownerId });
  }

  /**
   * The open target a resume of `resumeOwnerId` may be tailored for: any open posting (a closed one
   * is CONFLICT), or that owner's own requirements (another user's are FORBIDDEN, even for an admin:
   * one user's text never meets another's resume).
   */
  static async forResumeOwner(
    em: EntityManager,
    target: GenerationTarget,
    resumeOwnerId: string,
  ): Promise<TailoringTarget> {
    const named = targetOf(target);
    if (named.kind === 'requirements') {
      const requirements = await em.findOne(TailoringTarget, {
        id: named.requirementsId,
        kind: TargetKind.REQUIREMENTS,
      });
      if (!requirements || requirements.closedAt) throw notFound('Requirements not found');
      if (requirements.ownerId !== resumeOwnerId)
        throw forbidden('These requirements belong to another user');
      return requirements;
    }
    const job = await em.findOne(TailoringTarget, { id: named.jobId, kind: TargetKind.JOB });
    if (!job) throw notFound('Job not found');
    if (job.closedAt) throw conflict('This job posting is closed', { field: 'target.jobId' });
    return job;
  }
}
