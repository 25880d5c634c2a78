import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import type { UsersServices } from '../services.js';
import { clientOf, signedIn } from '../sessions/session.resolver.js';
import { AuthPayload } from '../sessions/session.types.js';
import { GoogleSignInService } from './google.service.js';

@Resolver()
export class GoogleResolver {
  constructor(private readonly services: UsersServices) {}

  @Mutation(() => AuthPayload, {
    description: 'Signs in with a Google ID token, creating or linking the account.',
  })
  signInWithGoogle(@Arg('idToken') idToken: string, @Ctx() ctx: SubgraphContext): Promise<AuthPayload> {
    return signedIn(ctx, new GoogleSignInService(ctx.em, this.services).signIn(idToken, clientOf(ctx)));
  }
}
