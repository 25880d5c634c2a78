import type { EntityManager } from '@mikro-orm/postgresql';
import type { RevocationStore } from '@hiregraph/platform/auth/revocation';
import type { Role } from '@hiregraph/platform/auth/viewer';
import { notFound } from '@hiregraph/platform/errors';
import { User } from '../users/user.entity.js';
import { assignRole } from '../accounts/user.service.js';

/**
 * The operator's act that makes (or unmakes) an admin: nothing a user can do by themself, such as
 * registering with a password, ever grants ADMIN. The user's sessions end, so the new role is in
 * the next token they get.
 */
export async function setRoleByEmail(
  em: EntityManager,
  revocations: RevocationStore,
  email: string,
  role: Role,
): Promise<User> {
  const user = await em.findOne(User, { email: email.trim().toLowerCase() });
  if (!user) throw notFound(`No account with the email ${email}`);
  return assignRole(em, revocations, user, role);
}
