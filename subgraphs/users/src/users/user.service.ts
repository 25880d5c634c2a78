import { z } from 'zod';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { conflict } from '@hiregraph/libs/errors';
import { parseInput } from '@hiregraph/libs/validation';
import { createEvent } from '@hiregraph/libs/events/envelope';
import { enqueueEvent, type OutboxRelay } from '@hiregraph/libs/events/outbox';
import { User } from './user.entity.js';
import type { CreateUserInput } from './user.inputs.js';

const createUserSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'Enter a valid email address' })),
  fullName: z.string().trim().min(1, 'Full name is required').max(200),
});

/** Accounts: creation (with its user.registered event) and lookups. */
export class UserService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxRelay,
  ) {}

  async create(input: CreateUserInput): Promise<User> {
    const user = this.em.create(User, parseInput(createUserSchema, input));
    try {
      await this.em.transactional(async (tx) => {
        tx.persist(user);
        await enqueueEvent(
          tx,
          createEvent(
            'user.registered',
            { userId: user.id, email: user.email, fullName: user.fullName },
            { producer: 'users' },
          ),
        );
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw conflict('An account with this email already exists', { field: 'email' });
      }
      throw error;
    }
    void this.outbox.wake();
    return user;
  }

  findById(id: string): Promise<User | null> {
    return this.em.findOne(User, { id });
  }

  list(limit: number): Promise<User[]> {
    return this.em.find(User, {}, { orderBy: { createdAt: 'asc', id: 'asc' }, limit });
  }
}
