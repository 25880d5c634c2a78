import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import type { UsersServices } from '../services.js';
import { Preferences, UpdatePreferencesInput } from './preferences.types.js';
import { PreferencesService } from './preferences.service.js';

/** The signed-in user's own preferences; nobody else's are reachable. */
@Resolver(() => Preferences)
export class PreferencesResolver {
  constructor(private readonly services: UsersServices) {}

  private preferences(ctx: SubgraphContext) {
    return new PreferencesService(
      ctx.em,
      this.services.redis,
      this.services.settings.PREFERENCES_CACHE_TTL_SECONDS,
      this.services.outbox,
    );
  }

  @Authorized()
  @Query(() => Preferences, { description: "The signed-in user's preferences (defaults until changed)." })
  myPreferences(@Ctx() ctx: SubgraphContext): Promise<Preferences> {
    return this.preferences(ctx).get(requireViewer(ctx).id);
  }

  @Authorized()
  @Mutation(() => Preferences)
  updatePreferences(
    @Arg('input') input: UpdatePreferencesInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Preferences> {
    return this.preferences(ctx).update(requireViewer(ctx).id, input);
  }

  @Authorized()
  @Mutation(() => Preferences, { description: 'Back to the defaults.' })
  resetPreferences(@Ctx() ctx: SubgraphContext): Promise<Preferences> {
    return this.preferences(ctx).reset(requireViewer(ctx).id);
  }
}
