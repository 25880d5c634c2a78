import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import { observeJob } from '@hiregraph/platform/observability/metrics';
import type { MatchingServices } from '../services.js';
import { JobProfileService } from './job-profile.service.js';

/** Postings become profiles and vectors; a closed one leaves the candidates with its matches. */
export async function subscribeJobProfileEvents(
  runtime: SubgraphRuntime,
  { settings, embedder }: MatchingServices,
): Promise<void> {
  const { MATCHING_DEBOUNCE_MS } = settings;
  await consumeOnce(runtime, 'job.upserted', 'job_profiles', (event, tx) =>
    observeJob('job_embedding', () =>
      JobProfileService.project(tx, embedder, event.data, new Date(event.occurredAt), MATCHING_DEBOUNCE_MS),
    ),
  );
  await consumeOnce(runtime, 'job.closed', 'job_closure', (event, tx) =>
    JobProfileService.close(tx, event.data, new Date(event.occurredAt)),
  );
}
