import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, type AuthContext } from '@hiregraph/libs/auth/guards';
import type { Viewer } from '@hiregraph/libs/auth/viewer';
import { notFound } from '@hiregraph/libs/errors';
import { unauthenticated } from '@hiregraph/libs/auth/tokens';
import { isBuried } from '@hiregraph/libs/db/tombstones';
import type { OutboxRelay } from '@hiregraph/libs/events/outbox';
import { transactionWithEvents } from '@hiregraph/libs/events/transaction';
import { parseInput } from '@hiregraph/libs/validation';
import { Resume } from './resume.entity.js';
import type { CreateResumeInput } from './resume.inputs.js';

const createResumeSchema = z.object({
  title: z.string().trim().min(1, 'Title is required').max(200),
});

export class ResumeService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxRelay,
  ) {}

  async create(owner: Viewer, input: CreateResumeInput): Promise<Resume> {
    const data = parseInput(createResumeSchema, input);
    const resume = this.em.create(Resume, { ...data, ownerId: owner.id });
    await transactionWithEvents(this.em, this.outbox, 'resumes', async (tx, emit) => {
      // A request still in flight when the account was deleted must not leave a resume behind.
      if (await isBuried(tx, 'user', owner.id)) throw unauthenticated('Account no longer exists');
      tx.persist(resume);
      await emit('resume.created', { resumeId: resume.id, ownerId: owner.id });
    });
    return resume;
  }

  async delete(ctx: AuthContext, id: string): Promise<boolean> {
    const resume = await this.em.findOne(Resume, { id });
    if (!resume) throw notFound('No such resume');
    assertOwnerOrAdmin(ctx, resume.ownerId);
    await transactionWithEvents(this.em, this.outbox, 'resumes', async (tx, emit) => {
      await tx.nativeDelete(Resume, { id });
      await emit('resume.deleted', { resumeId: id, ownerId: resume.ownerId });
    });
    return true;
  }

  listByOwner(ownerId: string, limit: number): Promise<Resume[]> {
    return this.em.find(Resume, { ownerId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
  }
}
