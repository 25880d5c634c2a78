import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import type { UsersServices } from '../services.js';
import { markSignedIn } from '../users/private-fields.js';
import { SessionService, type Client } from './session.service.js';
import { AuthPayload } from './session.types.js';

export const clientOf = (ctx: SubgraphContext): Client => ({ ip: ctx.clientIp, userAgent: ctx.userAgent });

/** The payload's user is the one who just signed in: they may see their own private fields. */
export async function signedIn(ctx: SubgraphContext, payload: Promise<AuthPayload>): Promise<AuthPayload> {
  const result = await payload;
  markSignedIn(ctx, result.user.id);
  return result;
}

@Resolver()
export class SessionResolver {
  constructor(private readonly services: UsersServices) {}

  private sessions(ctx: SubgraphContext) {
    return new SessionService(ctx.em, this.services);
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges a refresh token (single use) for new tokens.' })
  refreshToken(@Arg('token') token: string, @Ctx() ctx: SubgraphContext): Promise<AuthPayload> {
    return signedIn(ctx, this.sessions(ctx).refresh(token, clientOf(ctx)));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends this session; its tokens stop working.' })
  logout(@Ctx() ctx: SubgraphContext): Promise<boolean> {
    return this.sessions(ctx).logout(requireViewer(ctx));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends every session of the signed-in user.' })
  logoutAll(@Ctx() ctx: SubgraphContext): Promise<boolean> {
    return this.sessions(ctx).logoutAll(requireViewer(ctx));
  }
}
