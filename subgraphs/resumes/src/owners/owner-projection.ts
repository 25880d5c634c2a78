import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { consumeOnce } from '@hiregraph/libs/subgraph/consumers';
import { ResumeOwner } from './owner.entity.js';

export const OWNER_PROJECTION_CONSUMER = 'owner_projection';

/** Keeps resume_owners in step with user.registered; each event takes effect once. */
export async function subscribeOwnerProjection(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'user.registered', OWNER_PROJECTION_CONSUMER, (event, tx) =>
    tx.upsert(ResumeOwner, {
      userId: event.data.userId,
      email: event.data.email,
      fullName: event.data.fullName,
      registeredAt: new Date(event.occurredAt),
    }),
  );
}
