import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/libs/auth/guards';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { authServices } from './auth-services.js';
import { AuthService, type Client } from './auth.service.js';
import { AuthPayload, LoginInput, RegisterInput } from './auth.types.js';
import { markSignedIn } from '../users/private-fields.js';

const service = (ctx: SubgraphContext) => new AuthService(ctx.em, ctx.runtime, authServices(ctx.runtime));
const client = (ctx: SubgraphContext): Client => ({ ip: ctx.clientIp, userAgent: ctx.userAgent });

/** The payload's user is the one who just signed in: they may see their own private fields. */
async function signedIn(ctx: SubgraphContext, payload: Promise<AuthPayload>): Promise<AuthPayload> {
  const result = await payload;
  markSignedIn(ctx, result.user.id);
  return result;
}

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Creates an account with a password and signs it in.' })
  register(@Arg('input') input: RegisterInput, @Ctx() ctx: SubgraphContext): Promise<AuthPayload> {
    return signedIn(ctx, service(ctx).register(input, client(ctx)));
  }

  @Mutation(() => AuthPayload, { description: 'Signs in with email and password.' })
  login(@Arg('input') input: LoginInput, @Ctx() ctx: SubgraphContext): Promise<AuthPayload> {
    return signedIn(ctx, service(ctx).login(input, client(ctx)));
  }

  @Mutation(() => AuthPayload, {
    description: 'Signs in with a Google ID token, creating or linking the account.',
  })
  signInWithGoogle(@Arg('idToken') idToken: string, @Ctx() ctx: SubgraphContext): Promise<AuthPayload> {
    return signedIn(ctx, service(ctx).signInWithGoogle(idToken, client(ctx)));
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges a refresh token (single use) for new tokens.' })
  refreshToken(@Arg('token') token: string, @Ctx() ctx: SubgraphContext): Promise<AuthPayload> {
    return signedIn(ctx, service(ctx).refresh(token, client(ctx)));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends this session; its tokens stop working.' })
  logout(@Ctx() ctx: SubgraphContext): Promise<boolean> {
    return service(ctx).logout(requireViewer(ctx));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends every session of the signed-in user.' })
  logoutAll(@Ctx() ctx: SubgraphContext): Promise<boolean> {
    return service(ctx).logoutAll(requireViewer(ctx));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Changes the password; other sessions are ended.' })
  changePassword(
    @Arg('currentPassword') currentPassword: string,
    @Arg('newPassword') newPassword: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<boolean> {
    return service(ctx).changePassword(requireViewer(ctx), currentPassword, newPassword, client(ctx));
  }

  @Authorized('ADMIN')
  @Mutation(() => String, {
    description: 'Starts signing with a new key (returns its kid); the old one stays valid.',
  })
  rotateSigningKey(@Ctx() ctx: SubgraphContext): Promise<string> {
    return authServices(ctx.runtime).keys.rotate();
  }
}
