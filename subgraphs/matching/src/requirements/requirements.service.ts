import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, requireViewer, type AuthContext } from '@hiregraph/platform/auth/guards';
import { LockMode } from '@mikro-orm/core';
import { badUserInput, conflict, notFound } from '@hiregraph/platform/errors';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { enqueueEvent, type OutboxRelay } from '@hiregraph/platform/events/outbox';
import { transactionWithEvents, type Emit } from '@hiregraph/platform/events/transaction';
import { refuseDeletedAccount } from '@hiregraph/platform/db/tombstones';
import { paginate, type Connection, type PageArgs } from '@hiregraph/platform/subgraph/pagination';
import { extractRequirements } from '@hiregraph/requirements/requirements';
import { taxonomySeams } from '@hiregraph/requirements/seams';
import type { Seniority } from '@hiregraph/platform/graphql/seniority';
import { REQUIREMENTS_MAX_TEXT_LENGTH } from '@hiregraph/platform/events/limits';
import { requireUuid } from '@hiregraph/platform/validation';
import { Requirements, RequirementsStatus } from './requirements.entity.js';
import type { CreateRequirementsInput } from './requirements.inputs.js';

export const MAX_TITLE_LENGTH = 200;
export const MAX_TEXT_LENGTH = REQUIREMENTS_MAX_TEXT_LENGTH;
/** Requirements texts one user may keep. */
export const MAX_REQUIREMENTS_PER_USER = 200;

/** Users' own job descriptions: kept, extracted, listed, deleted; analyses run against them. */
export class RequirementsService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxRelay,
  ) {}

  async create(ctx: AuthContext, input: CreateRequirementsInput): Promise<Requirements> {
    const viewer = requireViewer(ctx);
    const title = input.title.trim();
    if (!title) throw badUserInput('title is empty', { field: 'title' });
    if (title.length > MAX_TITLE_LENGTH)
      throw badUserInput(`title is longer than ${MAX_TITLE_LENGTH} characters`, { field: 'title' });
    if (input.uploadId != null && input.text != null)
      throw badUserInput('Give either text or uploadId, not both', { field: 'uploadId' });
    if (input.uploadId != null)
      return this.createFromUpload(viewer.id, title, requireUuid(input.uploadId, 'uploadId'));
    const text = (input.text ?? '').trim();
    if (!text) throw badUserInput('text is empty', { field: 'text' });
    if (text.length > MAX_TEXT_LENGTH)
      throw badUserInput(`text is longer than ${MAX_TEXT_LENGTH} characters`, { field: 'text' });
    return transactionWithEvents(this.em, this.outbox, async (tx, emit) => {
      await this.refuseOverLimit(tx, viewer.id);
      const requirements = tx.create(Requirements, {
        ownerId: viewer.id,
        title,
        ...extractedFrom(title, text),
      });
      await tx.flush();
      await emitCreated(emit, requirements);
      return requirements;
    });
  }

  /**
   * The file belongs to the resumes subgraph: the requirements wait EXTRACTING and ask for its text
   * with requirements.upload_submitted in the same transaction; upload.text_extracted completes them
   * (completeExtraction). Whether the upload is the viewer's is checked there, by its owner.
   */
  private createFromUpload(ownerId: string, title: string, uploadId: string): Promise<Requirements> {
    return transactionWithEvents(this.em, this.outbox, async (tx, emit) => {
      await this.refuseOverLimit(tx, ownerId);
      const requirements = tx.create(Requirements, {
        ownerId,
        title,
        text: '',
        status: RequirementsStatus.EXTRACTING,
        uploadId,
        requiredSkills: [],
        preferredSkills: [],
        responsibilities: [],
        qualifications: [],
      });
      await tx.flush();
      await emit('requirements.upload_submitted', { requirementsId: requirements.id, ownerId, uploadId });
      return requirements;
    });
  }

  private async refuseOverLimit(tx: EntityManager, ownerId: string): Promise<void> {
    await refuseDeletedAccount(tx, ownerId);
    if ((await tx.count(Requirements, { ownerId })) >= MAX_REQUIREMENTS_PER_USER) {
      throw badUserInput(`At most ${MAX_REQUIREMENTS_PER_USER} requirements per account`, {
        field: 'text',
      });
    }
  }

  /**
   * upload.text_extracted, in the consumer's transaction: fills requirements still EXTRACTING with
   * the text and what the text path extracts (READY, requirements.created), or marks them FAILED
   * with the code and reason. Requirements deleted meanwhile (or by their account's deletion) stay
   * deleted; a redelivered or stray event changes nothing.
   */
  static async completeExtraction(
    tx: EntityManager,
    data: EventData<'upload.text_extracted'>,
  ): Promise<void> {
    const requirements = await tx.findOne(
      Requirements,
      { id: data.requirementsId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (
      !requirements ||
      requirements.status !== RequirementsStatus.EXTRACTING ||
      requirements.ownerId !== data.ownerId ||
      requirements.uploadId !== data.uploadId
    )
      return;
    const text = (data.text ?? '').trim().slice(0, MAX_TEXT_LENGTH);
    const failure =
      data.error ?? (text ? null : { code: 'EMPTY', message: 'This document contains no readable text.' });
    if (failure) {
      requirements.status = RequirementsStatus.FAILED;
      requirements.failureCode = failure.code;
      requirements.failureReason = failure.message;
      await tx.flush();
      return;
    }
    Object.assign(requirements, extractedFrom(requirements.title, text), {
      status: RequirementsStatus.READY,
    });
    await tx.flush();
    await enqueueEvent(
      tx,
      createEvent('requirements.created', createdData(requirements), { producer: 'matching' }),
    );
  }

  /** The viewer's requirements, newest first. */
  list(ctx: AuthContext, page: PageArgs): Promise<Connection<Requirements>> {
    const viewer = requireViewer(ctx);
    return paginate(this.em, Requirements, { ownerId: viewer.id }, page, 'desc');
  }

  async delete(ctx: AuthContext, id: string): Promise<boolean> {
    return transactionWithEvents(this.em, this.outbox, async (tx, emit) => {
      const requirements = await tx.findOne(Requirements, { id });
      if (!requirements) throw notFound('No such requirements');
      assertOwnerOrAdmin(ctx, requirements.ownerId);
      await tx.nativeDelete(Requirements, { id });
      await emit('requirements.deleted', { requirementsId: id, ownerId: requirements.ownerId });
      return true;
    });
  }

  /** A deleted account's requirements go with it (user.deleted; no event: the account is gone). */
  static async forgetOwner(tx: EntityManager, ownerId: string): Promise<void> {
    await tx.nativeDelete(Requirements, { ownerId });
  }
}

/**
 * Analyses and cover letters need the text: requirements still EXTRACTING, or FAILED, are refused
 * with CONFLICT and `reason: REQUIREMENTS_NOT_READY` (the status is in `extensions.status`).
 */
export function refuseUnready(requirements: Requirements): void {
  if (requirements.status === RequirementsStatus.READY) return;
  throw conflict(
    requirements.status === RequirementsStatus.EXTRACTING
      ? 'These requirements are still being read from their file; try again when they are READY'
      : `These requirements failed: ${requirements.failureReason ?? 'their file could not be read'}`,
    { field: 'target.requirementsId', reason: 'REQUIREMENTS_NOT_READY', status: requirements.status },
  );
}

/** What the text path stores: the text and the shared extraction (libs/requirements/src/). */
function extractedFrom(title: string, text: string) {
  const extracted = extractRequirements({ title, description: text }, taxonomySeams);
  return {
    text,
    years: extracted.years,
    seniority: extracted.seniority as Seniority | null,
    requiredSkills: extracted.requiredSkills,
    preferredSkills: extracted.preferredSkills,
    responsibilities: extracted.responsibilities,
    qualifications: extracted.qualifications,
  };
}

function createdData(requirements: Requirements): EventData<'requirements.created'> {
  return {
    requirementsId: requirements.id,
    ownerId: requirements.ownerId,
    title: requirements.title,
    requiredSkills: requirements.requiredSkills,
    preferredSkills: requirements.preferredSkills,
  };
}

const emitCreated = (emit: Emit, requirements: Requirements) =>
  emit('requirements.created', createdData(requirements));
