import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, type AuthContext } from '@hiregraph/libs/auth/guards';
import type { Viewer } from '@hiregraph/libs/auth/viewer';
import { notFound } from '@hiregraph/libs/errors';
import { refuseDeletedAccount } from '@hiregraph/libs/db/tombstones';
import type { OutboxRelay } from '@hiregraph/libs/events/outbox';
import { transactionWithEvents } from '@hiregraph/libs/events/transaction';
import { removeObjectsWithPrefix, userObjectPrefix } from '@hiregraph/libs/s3';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { paginate, type Connection, type PageArgs } from '@hiregraph/libs/subgraph/pagination';
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
      await refuseDeletedAccount(tx, owner.id);
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

  /** A user's resumes, newest first. */
  listByOwner(ownerId: string, page: PageArgs): Promise<Connection<Resume>> {
    return paginate(this.em, Resume, { ownerId }, page, 'desc');
  }

  /** Removes every resume of an owner and their files, in the caller's transaction. */
  static async removeAllOf(
    tx: EntityManager,
    runtime: Pick<SubgraphRuntime, 'storage' | 'config'>,
    ownerId: string,
  ): Promise<void> {
    // Files first: if this fails the transaction rolls back, the event is redelivered, and nothing is
    // half-deleted in the database.
    await removeObjectsWithPrefix(runtime.storage, runtime.config.S3_BUCKET, userObjectPrefix(ownerId));
    await tx.nativeDelete(Resume, { ownerId });
  }
}
