import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '@hiregraph/libs/errors';
import { parseInput } from '@hiregraph/libs/validation';
import { ResumeOwner } from '../owners/owner.entity.js';
import { Resume } from './resume.entity.js';
import type { CreateResumeInput } from './resume.inputs.js';

const createResumeSchema = z.object({
  ownerId: z.uuid('ownerId must be a UUID'),
  title: z.string().trim().min(1, 'Title is required').max(200),
});

export class ResumeService {
  constructor(private readonly em: EntityManager) {}

  async create(input: CreateResumeInput): Promise<Resume> {
    const data = parseInput(createResumeSchema, input);
    const owner = await this.em.findOne(ResumeOwner, { userId: data.ownerId });
    if (!owner) throw badUserInput('Unknown owner', { field: 'ownerId' });
    const resume = this.em.create(Resume, data);
    await this.em.persist(resume).flush();
    return resume;
  }

  listByOwner(ownerId: string, limit: number): Promise<Resume[]> {
    return this.em.find(Resume, { ownerId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
  }
}
