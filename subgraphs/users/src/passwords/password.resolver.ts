import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import type { UsersServices } from '../services.js';
import { clientOf, signedIn } from '../sessions/session.resolver.js';
import { AuthPayload } from '../sessions/session.types.js';
import { LoginInput, RegisterInput } from './password.inputs.js';
import { PasswordService } from './password.service.js';

@Resolver()
export class PasswordResolver {
  constructor(private readonly services: UsersServices) {}

  private passwords(ctx: SubgraphContext) {
    return new PasswordService(ctx.em, this.services);
  }

  @Mutation(() => AuthPayload, { description: 'Creates an account with a password and signs it in.' })
  register(@Arg('input') input: RegisterInput, @Ctx() ctx: SubgraphContext): Promise<AuthPayload> {
    return signedIn(ctx, this.passwords(ctx).register(input, clientOf(ctx)));
  }

  @Mutation(() => AuthPayload, { description: 'Signs in with email and password.' })
  login(@Arg('input') input: LoginInput, @Ctx() ctx: SubgraphContext): Promise<AuthPayload> {
    return signedIn(ctx, this.passwords(ctx).login(input, clientOf(ctx)));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Changes the password; other sessions are ended.' })
  changePassword(
    @Arg('currentPassword') currentPassword: string,
    @Arg('newPassword') newPassword: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<boolean> {
    return this.passwords(ctx).changePassword(
      requireViewer(ctx),
      currentPassword,
      newPassword,
      clientOf(ctx),
    );
  }
}
