import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { consumeOnce } from '@hiregraph/libs/subgraph/consumers';
import { bury } from '@hiregraph/libs/db/tombstones';
import { Job } from './job.entity.js';
import { removeJobs } from './job.service.js';

/** A deleted account's postings go too, each announced as job.deleted. */
export async function subscribePosterDeletion(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'user.deleted', 'poster_deletion', async (event, tx) => {
    await bury(tx, 'user', event.data.userId);
    const jobs = await tx.find(Job, { postedById: event.data.userId }, { fields: ['id', 'postedById'] });
    await removeJobs(tx, jobs);
  });
}
