import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import type { JobsServices } from '../services.js';
import { JobService } from './job.service.js';

/** A deleted account's postings go too, each announced as job.closed (POSTER_DELETED). */
export async function subscribeJobEvents(
  runtime: SubgraphRuntime,
  { cache }: Pick<JobsServices, 'cache'>,
): Promise<void> {
  await consumeOnce(runtime, 'user.deleted', 'poster_deletion', (event, tx) =>
    JobService.removePostingsOf(tx, event.data.userId, cache),
  );
}
