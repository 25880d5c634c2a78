import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import { TargetService } from './target.service.js';

/** Keeps tailoring_targets in step with postings (jobs) and users' own requirements (matching). */
export async function subscribeTargetEvents(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'job.upserted', 'target_jobs', (event, tx) =>
    TargetService.projectJob(tx, event.data, new Date(event.occurredAt)),
  );
  await consumeOnce(runtime, 'job.closed', 'target_job_closure', (event, tx) =>
    TargetService.closeJob(tx, event.data, new Date(event.occurredAt)),
  );
  await consumeOnce(runtime, 'requirements.created', 'target_requirements', (event, tx) =>
    TargetService.projectRequirements(tx, event.data, new Date(event.occurredAt)),
  );
  await consumeOnce(runtime, 'requirements.deleted', 'target_requirements_deletion', (event, tx) =>
    TargetService.forgetRequirements(tx, event.data, new Date(event.occurredAt)),
  );
}
