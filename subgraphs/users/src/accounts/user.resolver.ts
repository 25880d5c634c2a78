import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { requireRole, requireViewer } from '@hiregraph/platform/auth/guards';
import type { Role as RoleName } from '@hiregraph/platform/auth/viewer';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { byIdLoader, resolveReferenceById } from '@hiregraph/platform/subgraph/loaders';
import { connectionType, PageArgs, type Connection } from '@hiregraph/platform/subgraph/pagination';
import { selectedFields } from '@hiregraph/platform/subgraph/selected-fields';
import { requireUuid } from '@hiregraph/platform/validation';
import type { UsersServices } from '../services.js';
import { Role } from '../users/role.js';
import { User } from '../users/user.entity.js';
import { UpdateProfileInput } from './user.inputs.js';
import { UserService } from './user.service.js';
import { assertCanSeePrivateFields } from '../users/private-fields.js';

const UserConnection = connectionType(User, 'User');

@Resolver(() => User)
export class UserResolver {
  constructor(private readonly services: UsersServices) {}

  private accounts(ctx: SubgraphContext) {
    return new UserService(ctx.em, this.services);
  }

  @Authorized()
  @Query(() => User, { description: 'The signed-in user.' })
  me(@Ctx() ctx: SubgraphContext, @Info() info: GraphQLResolveInfo): Promise<User> {
    return this.accounts(ctx).viewerProfile(requireViewer(ctx), selectedFields(info));
  }

  @Authorized()
  @Query(() => User, {
    nullable: true,
    description: 'A user by id (public profile; private fields for self/admin).',
  })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<User | null> {
    return byIdLoader(ctx, User).load(requireUuid(id, 'id'));
  }

  @Authorized('ADMIN')
  @Query(() => UserConnection, { description: 'All users, oldest first (admins).' })
  users(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: SubgraphContext): Promise<Connection<User>> {
    return this.accounts(ctx).list(page);
  }

  @Authorized()
  @Mutation(() => User)
  updateProfile(@Arg('input') input: UpdateProfileInput, @Ctx() ctx: SubgraphContext): Promise<User> {
    return this.accounts(ctx).updateProfile(requireViewer(ctx), input);
  }

  @Authorized()
  @Mutation(() => User, {
    description:
      'Sets the signed-in user\'s handle: 3–30 of a-z, 0-9, "_" and "-", starting with a letter, case-insensitive; reserved words are refused, a taken one is a CONFLICT.',
  })
  setUsername(@Arg('username') username: string, @Ctx() ctx: SubgraphContext): Promise<User> {
    return this.accounts(ctx).setUsername(requireViewer(ctx), username);
  }

  @Authorized('ADMIN')
  @Mutation(() => User, {
    description: "Changes a user's role (admins); their sessions end so it applies at once.",
  })
  changeRole(
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => Role) role: RoleName,
    @Ctx() ctx: SubgraphContext,
  ): Promise<User> {
    return this.accounts(ctx).changeRole(requireRole(ctx, 'ADMIN'), requireUuid(userId, 'userId'), role);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      'Deletes the account and, through user.deleted, its data everywhere. Needs the password if set.',
  })
  deleteAccount(
    @Arg('password', () => String, { nullable: true }) password: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<boolean> {
    return this.accounts(ctx).deleteAccount(requireViewer(ctx), password, ctx.clientIp);
  }

  @FieldResolver(() => String, { description: 'Private: the user and admins only.' })
  email(@Root() user: User, @Ctx() ctx: SubgraphContext): string {
    assertCanSeePrivateFields(ctx, user.id);
    return user.email;
  }

  @FieldResolver(() => Role, { description: 'Private: the user and admins only.' })
  role(@Root() user: User, @Ctx() ctx: SubgraphContext): RoleName {
    assertCanSeePrivateFields(ctx, user.id);
    return user.role;
  }

  @FieldResolver(() => Date, { description: 'Private: the user and admins only.' })
  createdAt(@Root() user: User, @Ctx() ctx: SubgraphContext): Date {
    assertCanSeePrivateFields(ctx, user.id);
    return user.createdAt;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'Private: the user and admins only.' })
  lastLoginAt(@Root() user: User, @Ctx() ctx: SubgraphContext): Date | null {
    assertCanSeePrivateFields(ctx, user.id);
    return user.lastLoginAt;
  }

  @FieldResolver(() => Boolean, { description: 'Private: whether a Google account is linked.' })
  googleLinked(@Root() user: User, @Ctx() ctx: SubgraphContext): boolean {
    assertCanSeePrivateFields(ctx, user.id);
    return user.googleSub !== null;
  }
}

/**
 * Entity references (e.g. Resume.owner) resolve for anyone: a public resume is read anonymously and
 * names its owner. Only the public fields (id, fullName, username, avatarUrl) are open; the private
 * ones keep their own guard.
 */
export const userReferenceResolver = {
  User: { __resolveReference: resolveReferenceById(User) },
};
