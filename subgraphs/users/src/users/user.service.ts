import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role, Viewer } from '@hiregraph/libs/auth/viewer';
import { forbidden } from '@hiregraph/libs/auth/guards';
import { unauthenticated } from '@hiregraph/libs/auth/tokens';
import { notFound } from '@hiregraph/libs/errors';
import { paginate, type Connection, type PageArgs } from '@hiregraph/libs/subgraph/pagination';
import { parseInput } from '@hiregraph/libs/validation';
import { User } from './user.entity.js';
import type { UpdateProfileInput } from './user.inputs.js';
import { avatarUrlSchema, fullNameSchema } from './user.schemas.js';

const updateProfileSchema = z.object({
  fullName: fullNameSchema.optional(),
  avatarUrl: avatarUrlSchema.optional(),
});

/** Profiles and roles. */
export class UserService {
  constructor(private readonly em: EntityManager) {}

  async viewerAccount(viewer: Viewer): Promise<User> {
    const user = await this.em.findOne(User, { id: viewer.id });
    if (!user) throw unauthenticated('Account no longer exists');
    return user;
  }

  async updateProfile(viewer: Viewer, input: UpdateProfileInput): Promise<User> {
    const changes = parseInput(updateProfileSchema, input);
    const user = await this.viewerAccount(viewer);
    if (changes.fullName !== undefined) user.fullName = changes.fullName;
    if (changes.avatarUrl !== undefined) user.avatarUrl = changes.avatarUrl;
    await this.em.flush();
    return user;
  }

  async changeRole(admin: Viewer, userId: string, role: Role): Promise<User> {
    // An admin demoting themself could leave nobody able to administer.
    if (userId === admin.id) throw forbidden('Admins cannot change their own role');
    const user = await this.em.findOne(User, { id: userId });
    if (!user) throw notFound('No such user');
    user.role = role;
    await this.em.flush();
    return user;
  }

  list(page: PageArgs): Promise<Connection<User>> {
    return paginate(this.em, User, {}, page, 'asc');
  }
}
