import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { consumeOnce } from '@hiregraph/libs/subgraph/consumers';
import { bury, isBuried } from '@hiregraph/libs/db/tombstones';
import { Match } from '../matches/match.entity.js';
import { KnownResume } from './known-resume.entity.js';

/** Follows resumes, jobs and accounts so matching never keeps data about something deleted. */
export async function subscribeMatchingEvents(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'resume.created', 'known_resumes', async (event, tx) => {
    const { resumeId, ownerId } = event.data;
    // Arrived after the resume's or its owner's deletion: nothing to know.
    if ((await isBuried(tx, 'resume', resumeId)) || (await isBuried(tx, 'user', ownerId))) return;
    await tx.upsert(KnownResume, { resumeId, ownerId });
  });
  await consumeOnce(runtime, 'resume.deleted', 'resume_deletion', async (event, tx) => {
    await bury(tx, 'resume', event.data.resumeId);
    await tx.nativeDelete(Match, { resumeId: event.data.resumeId });
    await tx.nativeDelete(KnownResume, { resumeId: event.data.resumeId });
  });
  await consumeOnce(runtime, 'job.deleted', 'job_deletion', async (event, tx) => {
    await bury(tx, 'job', event.data.jobId);
    await tx.nativeDelete(Match, { jobId: event.data.jobId });
  });
  await consumeOnce(runtime, 'user.deleted', 'owner_deletion', async (event, tx) => {
    await bury(tx, 'user', event.data.userId);
    await tx.nativeDelete(Match, { ownerId: event.data.userId });
    await tx.nativeDelete(KnownResume, { ownerId: event.data.userId });
  });
}
