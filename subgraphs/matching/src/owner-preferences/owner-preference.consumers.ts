import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import type { MatchingServices } from '../services.js';
import { OwnerPreferenceService } from './owner-preference.service.js';

export async function subscribeOwnerPreferenceEvents(
  runtime: SubgraphRuntime,
  { settings }: MatchingServices,
): Promise<void> {
  const { MATCHING_DEBOUNCE_MS } = settings;
  await consumeOnce(runtime, 'user.preferences_updated', 'owner_preferences', (event, tx) =>
    OwnerPreferenceService.project(tx, event.data, new Date(event.occurredAt), MATCHING_DEBOUNCE_MS),
  );
}
