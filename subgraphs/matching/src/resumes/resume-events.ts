import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { consumeOnce } from '@hiregraph/libs/subgraph/consumers';
import { Match } from '../matches/match.entity.js';
import { KnownResume } from './known-resume.entity.js';

/** Follows resumes, jobs and accounts so matching never keeps data about something deleted. */
export async function subscribeMatchingEvents(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'resume.created', 'known_resumes', (event, tx) =>
    tx.upsert(KnownResume, { resumeId: event.data.resumeId, ownerId: event.data.ownerId }),
  );
  await consumeOnce(runtime, 'resume.deleted', 'resume_deletion', async (event, tx) => {
    await tx.nativeDelete(Match, { resumeId: event.data.resumeId });
    await tx.nativeDelete(KnownResume, { resumeId: event.data.resumeId });
  });
  await consumeOnce(runtime, 'job.deleted', 'job_deletion', (event, tx) =>
    tx.nativeDelete(Match, { jobId: event.data.jobId }),
  );
  await consumeOnce(runtime, 'user.deleted', 'owner_deletion', async (event, tx) => {
    await tx.nativeDelete(Match, { ownerId: event.data.userId });
    await tx.nativeDelete(KnownResume, { ownerId: event.data.userId });
  });
}
