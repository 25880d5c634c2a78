import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { consumeOnce } from '@hiregraph/libs/subgraph/consumers';
import { removeObjectsWithPrefix, userObjectPrefix } from '@hiregraph/libs/s3';
import { bury, isBuried } from '@hiregraph/libs/db/tombstones';
import { Resume } from '../resumes/resume.entity.js';
import { ResumeOwner } from './owner.entity.js';

/**
 * Keeps resume_owners in step with the users subgraph and removes a deleted user's resumes, files
 * and projection row. Each event takes effect once.
 */
export async function subscribeOwnerEvents(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'user.registered', 'owner_projection', async (event, tx) => {
    if (await isBuried(tx, 'user', event.data.userId)) return; // arrived after the deletion
    await tx.upsert(ResumeOwner, {
      userId: event.data.userId,
      email: event.data.email,
      fullName: event.data.fullName,
      registeredAt: new Date(event.occurredAt),
    });
  });
  await consumeOnce(runtime, 'user.deleted', 'owner_deletion', async (event, tx) => {
    const { userId } = event.data;
    // Files first: if this fails the event is redelivered and nothing is half-deleted in the database.
    await removeObjectsWithPrefix(runtime.storage, runtime.config.S3_BUCKET, userObjectPrefix(userId));
    await bury(tx, 'user', userId);
    await tx.nativeDelete(Resume, { ownerId: userId });
    await tx.nativeDelete(ResumeOwner, { userId });
  });
}
