import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { byIdLoader } from '@hiregraph/libs/subgraph/loaders';
import { isUuid } from '@hiregraph/libs/ids';
import { badUserInput } from '@hiregraph/libs/errors';
import { User } from './user.entity.js';
import { CreateUserInput } from './user.inputs.js';
import { UserService } from './user.service.js';

const service = (ctx: SubgraphContext) => new UserService(ctx.em, ctx.runtime.outbox);

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'A user by id.' })
  async user(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<User | null> {
    if (!isUuid(id)) throw badUserInput('id must be a UUID', { field: 'id' });
    return byIdLoader(ctx, User).load(id);
  }

  @Query(() => [User], { description: 'Users, oldest first.' })
  async users(
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<User[]> {
    if (limit < 1 || limit > 200) throw badUserInput('limit must be between 1 and 200', { field: 'limit' });
    return service(ctx).list(limit);
  }

  @Mutation(() => User, { description: 'Creates an account and announces it as user.registered.' })
  createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: SubgraphContext): Promise<User> {
    return service(ctx).create(input);
  }
}

export const userReferenceResolver = {
  User: {
    __resolveReference: (reference: { id: string }, ctx: SubgraphContext) =>
      isUuid(reference.id) ? byIdLoader(ctx, User).load(reference.id) : null,
  },
};
