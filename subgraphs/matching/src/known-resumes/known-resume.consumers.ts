import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { consumeOnce } from '@hiregraph/libs/subgraph/consumers';
import { KnownResumeService } from './known-resume.service.js';

/** Follows resumes and accounts so matching never keeps data about something deleted. */
export async function subscribeKnownResumeEvents(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'resume.created', 'known_resumes', (event, tx) =>
    KnownResumeService.learn(tx, event.data.resumeId, event.data.ownerId),
  );
  await consumeOnce(runtime, 'resume.deleted', 'resume_deletion', (event, tx) =>
    KnownResumeService.forgetResume(tx, event.data.resumeId),
  );
  await consumeOnce(runtime, 'user.deleted', 'owner_deletion', (event, tx) =>
    KnownResumeService.forgetOwner(tx, event.data.userId),
  );
}
