import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/libs/auth/guards';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { authServices } from '../auth/auth-services.js';
import { Preferences, UpdatePreferencesInput } from './preferences.types.js';
import { PreferencesService } from './preferences.service.js';

const service = (ctx: SubgraphContext) =>
  new PreferencesService(
    ctx.em,
    ctx.runtime.redis,
    authServices(ctx.runtime).settings.PREFERENCES_CACHE_TTL_SECONDS,
  );

/** The signed-in user's own preferences; nobody else's are reachable. */
@Resolver(() => Preferences)
export class PreferencesResolver {
  @Authorized()
  @Query(() => Preferences, { description: "The signed-in user's preferences (defaults until changed)." })
  myPreferences(@Ctx() ctx: SubgraphContext): Promise<Preferences> {
    return service(ctx).get(requireViewer(ctx).id);
  }

  @Authorized()
  @Mutation(() => Preferences)
  updatePreferences(
    @Arg('input') input: UpdatePreferencesInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Preferences> {
    return service(ctx).update(requireViewer(ctx).id, input);
  }

  @Authorized()
  @Mutation(() => Preferences, { description: 'Back to the defaults.' })
  resetPreferences(@Ctx() ctx: SubgraphContext): Promise<Preferences> {
    return service(ctx).reset(requireViewer(ctx).id);
  }
}
