import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import { DeletionService } from './deletion.service.js';

/** Follows resume and account deletions so matching never keeps data about something deleted. */
export async function subscribeDeletionEvents(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'resume.deleted', 'resume_deletion', (event, tx) =>
    DeletionService.forgetResume(tx, event.data.resumeId),
  );
  await consumeOnce(runtime, 'user.deleted', 'owner_deletion', (event, tx) =>
    DeletionService.forgetOwner(tx, event.data.userId),
  );
}
