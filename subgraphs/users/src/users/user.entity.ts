import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Role as RoleName } from '@hiregraph/platform/auth/viewer';
import { newId } from '@hiregraph/platform/ids';
import { Role } from './role.js';

/**
 * An account. Public fields (id, fullName, username, avatarUrl) are visible to any signed-in user; private
 * ones (email, role, timestamps) only to the user and admins — see UserResolver's field resolvers.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A person with a Hiregraph account.' })
@Entity({ tableName: 'users' })
// Handles are stored lower-cased; the index on lower() keeps them unique even if one slipped in otherwise.
@Index({
  name: 'users_username_lower_unique',
  expression: 'create unique index "users_username_lower_unique" on "users" (lower("username"))',
})
export class User {
  [OptionalProps]?:
    'id' | 'createdAt' | 'role' | 'avatarUrl' | 'googleSub' | 'passwordHash' | 'lastLoginAt' | 'username';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Unique()
  @Property({ type: 'text' })
  email!: string;

  @Unique()
  @Property({ type: 'text', nullable: true })
  googleSub: string | null = null;

  @Field()
  @Property({ type: 'text' })
  fullName!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Public handle (lower-case, unique): the address of the public profile. Set with setUsername.',
  })
  @Property({ type: 'text', nullable: true })
  username: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  avatarUrl: string | null = null;

  @Property({ type: 'text' })
  role: RoleName = Role.USER;

  /** argon2id; null for accounts that only sign in with Google. */
  @Property({ type: 'text', nullable: true, hidden: true })
  passwordHash: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null = null;
}
