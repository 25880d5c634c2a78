import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, type AuthContext } from '@hiregraph/libs/auth/guards';
import type { Viewer } from '@hiregraph/libs/auth/viewer';
import { notFound } from '@hiregraph/libs/errors';
import { bury, refuseDeletedAccount } from '@hiregraph/libs/db/tombstones';
import { createEvent } from '@hiregraph/libs/events/envelope';
import { enqueueEvent, type OutboxRelay } from '@hiregraph/libs/events/outbox';
import { transactionWithEvents } from '@hiregraph/libs/events/transaction';
import { paginate, type Connection, type PageArgs } from '@hiregraph/libs/subgraph/pagination';
import { parseInput } from '@hiregraph/libs/validation';
import { Job } from './job.entity.js';
import type { CreateJobInput } from './job.inputs.js';

const createJobSchema = z.object({
  title: z.string().trim().min(1, 'Title is required').max(200),
  company: z.string().trim().min(1, 'Company is required').max(200),
  description: z.string().max(50_000).default(''),
});

export class JobService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxRelay,
  ) {}

  async create(poster: Viewer, input: CreateJobInput): Promise<Job> {
    const job = this.em.create(Job, { ...parseInput(createJobSchema, input), postedById: poster.id });
    await transactionWithEvents(this.em, this.outbox, 'jobs', async (tx, emit) => {
      await refuseDeletedAccount(tx, poster.id);
      tx.persist(job);
      await emit('job.created', { jobId: job.id, postedById: poster.id });
    });
    return job;
  }

  async delete(ctx: AuthContext, id: string): Promise<boolean> {
    const job = await this.em.findOne(Job, { id });
    if (!job) throw notFound('No such job');
    assertOwnerOrAdmin(ctx, job.postedById);
    await transactionWithEvents(this.em, this.outbox, 'jobs', (tx) => removeJobs(tx, [job]));
    return true;
  }

  /** All postings, newest first. */
  list(page: PageArgs): Promise<Connection<Job>> {
    return paginate(this.em, Job, {}, page, 'desc');
  }

  /** Removes a deleted account's postings, each announced as job.deleted, in the caller's transaction. */
  static async removePostingsOf(tx: EntityManager, posterId: string): Promise<void> {
    // Buried first: a posting being created for this account commits before this reads, or is refused.
    await bury(tx, 'user', posterId);
    const jobs = await tx.find(Job, { postedById: posterId }, { fields: ['id', 'postedById'] });
    await removeJobs(tx, jobs);
  }
}

/** Deletes postings and announces each as job.deleted, in the caller's transaction. */
async function removeJobs(tx: EntityManager, jobs: Pick<Job, 'id' | 'postedById'>[]): Promise<void> {
  if (jobs.length === 0) return;
  await tx.nativeDelete(Job, { id: { $in: jobs.map((job) => job.id) } });
  for (const job of jobs) {
    await enqueueEvent(
      tx,
      createEvent('job.deleted', { jobId: job.id, postedById: job.postedById }, { producer: 'jobs' }),
    );
  }
}
