import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { consumeOnce } from '@hiregraph/libs/subgraph/consumers';
import { MatchService } from './match.service.js';

/** Matches to a closed or removed job go with it. */
export async function subscribeMatchEvents(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'job.closed', 'job_closure', (event, tx) =>
    MatchService.forgetJob(tx, event.data.jobId),
  );
}
