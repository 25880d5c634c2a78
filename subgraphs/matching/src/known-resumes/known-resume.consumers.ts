import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import { KnownResumeService } from './known-resume.service.js';

/** Follows new resumes so matching knows who owns each (deletions/ forgets them). */
export async function subscribeKnownResumeEvents(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'resume.created', 'known_resumes', (event, tx) =>
    KnownResumeService.learn(tx, event.data.resumeId, event.data.ownerId),
  );
}
