import { registerEnumType } from 'type-graphql';
import type { Role as RoleName } from '@hiregraph/platform/auth/viewer';

/** GraphQL mirror of the roles in @hiregraph/platform/auth/viewer (one list of roles for every service). */
export const Role = { USER: 'USER', RECRUITER: 'RECRUITER', ADMIN: 'ADMIN' } as const satisfies Record<
  RoleName,
  RoleName
>;
registerEnumType(Role, { name: 'Role', description: 'What a user may do: USER < RECRUITER < ADMIN.' });
