import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, requireViewer, type AuthContext } from '@hiregraph/libs/auth/guards';
import { codedError, ErrorCode, badUserInput, notFound } from '@hiregraph/libs/errors';
import type { OutboxRelay } from '@hiregraph/libs/events/outbox';
import { transactionWithEvents } from '@hiregraph/libs/events/transaction';
import { refuseDeletedAccount } from '@hiregraph/libs/db/tombstones';
import { paginate, type Connection, type PageArgs } from '@hiregraph/libs/subgraph/pagination';
import { extractRequirements } from '@hiregraph/libs/requirements/requirements';
import { taxonomySeams } from '@hiregraph/libs/requirements/seams';
import type { Seniority } from '@hiregraph/libs/graphql/seniority';
import { Requirements } from './requirements.entity.js';
import type { CreateRequirementsInput } from './requirements.inputs.js';

export const MAX_TITLE_LENGTH = 200;
export const MAX_TEXT_LENGTH = 50_000;
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
    if (input.uploadId != null) {
      // Seam: uploads (PDF/DOCX/TXT) come through the resumes subgraph's upload path; until matching
      // can read them, a clear coded refusal rather than a half-made record.
      throw codedError(ErrorCode.NotConfigured, 'Requirements from an uploaded file are not available yet', {
        field: 'uploadId',
      });
    }
    const text = (input.text ?? '').trim();
    if (!text) throw badUserInput('text is empty', { field: 'text' });
    if (text.length > MAX_TEXT_LENGTH)
      throw badUserInput(`text is longer than ${MAX_TEXT_LENGTH} characters`, { field: 'text' });
    const extracted = extractRequirements({ title, description: text }, taxonomySeams);
    return transactionWithEvents(this.em, this.outbox, async (tx, emit) => {
      await refuseDeletedAccount(tx, viewer.id);
      if ((await tx.count(Requirements, { ownerId: viewer.id })) >= MAX_REQUIREMENTS_PER_USER) {
        throw badUserInput(`At most ${MAX_REQUIREMENTS_PER_USER} requirements per account`, {
          field: 'text',
        });
      }
      const requirements = tx.create(Requirements, {
        ownerId: viewer.id,
        title,
        text,
        years: extracted.years,
        seniority: extracted.seniority as Seniority | null,
        requiredSkills: extracted.requiredSkills,
        preferredSkills: extracted.preferredSkills,
        responsibilities: extracted.responsibilities,
        qualifications: extracted.qualifications,
      });
      await tx.flush();
      await emit('requirements.created', {
        requirementsId: requirements.id,
        ownerId: viewer.id,
        title,
        requiredSkills: requirements.requiredSkills,
        preferredSkills: requirements.preferredSkills,
      });
      return requirements;
    });
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
