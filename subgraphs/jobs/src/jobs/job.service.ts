import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parseInput } from '@hiregraph/libs/validation';
import { Job } from './job.entity.js';
import type { CreateJobInput } from './job.inputs.js';

const createJobSchema = z.object({
  title: z.string().trim().min(1, 'Title is required').max(200),
  company: z.string().trim().min(1, 'Company is required').max(200),
  description: z.string().max(50_000).default(''),
});

export class JobService {
  constructor(private readonly em: EntityManager) {}

  async create(input: CreateJobInput): Promise<Job> {
    const job = this.em.create(Job, parseInput(createJobSchema, input));
    await this.em.persist(job).flush();
    return job;
  }

  list(limit: number): Promise<Job[]> {
    return this.em.find(Job, {}, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
  }
}
