import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { byIdLoader, resolveReferenceById } from '@hiregraph/libs/subgraph/loaders';
import { requireLimit, requireUuid } from '@hiregraph/libs/validation';
import { User } from './user.entity.js';
import { CreateUserInput } from './user.inputs.js';
import { UserService } from './user.service.js';

const service = (ctx: SubgraphContext) => new UserService(ctx.em, ctx.runtime.outbox);

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'A user by id.' })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<User | null> {
    return byIdLoader(ctx, User).load(requireUuid(id, 'id'));
  }

  @Query(() => [User], { description: 'Users, oldest first.' })
  users(
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<User[]> {
    return service(ctx).list(requireLimit(limit));
  }

  @Mutation(() => User, { description: 'Creates an account and announces it as user.registered.' })
  createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: SubgraphContext): Promise<User> {
    return service(ctx).create(input);
  }
}

export const userReferenceResolver = { User: { __resolveReference: resolveReferenceById(User) } };
