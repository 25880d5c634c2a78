import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { consumeOnce } from '@hiregraph/libs/subgraph/consumers';
import { embedderOf } from '../embeddings/embedder.js';
import { settingsOf } from '../settings.js';
import { JobProfileService } from './job-profile.service.js';

/** Postings become profiles and vectors; a closed one leaves the candidates with its matches. */
export async function subscribeJobProfileEvents(runtime: SubgraphRuntime): Promise<void> {
  const { MATCHING_DEBOUNCE_MS } = settingsOf(runtime);
  await consumeOnce(runtime, 'job.upserted', 'job_profiles', (event, tx) =>
    JobProfileService.project(
      tx,
      embedderOf(runtime),
      event.data,
      new Date(event.occurredAt),
      MATCHING_DEBOUNCE_MS,
    ),
  );
  await consumeOnce(runtime, 'job.closed', 'job_closure', (event, tx) =>
    JobProfileService.close(tx, event.data, new Date(event.occurredAt)),
  );
}
