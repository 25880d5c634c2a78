import type { EntityManager } from '@mikro-orm/postgresql';
import { handleOnce } from '@hiregraph/libs/events/idempotent';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { ResumeOwner } from './owner.entity.js';

export const OWNER_PROJECTION_CONSUMER = 'owner_projection';

/** Keeps resume_owners in step with user.registered; each event takes effect once. */
export async function subscribeOwnerProjection(runtime: SubgraphRuntime): Promise<void> {
  await runtime.bus.subscribe('user.registered', OWNER_PROJECTION_CONSUMER, async (event) => {
    await handleOnce(runtime.orm.em as EntityManager, OWNER_PROJECTION_CONSUMER, event, async (tx) => {
      await tx.upsert(ResumeOwner, {
        userId: event.data.userId,
        email: event.data.email,
        fullName: event.data.fullName,
        registeredAt: new Date(event.occurredAt),
      });
    });
  });
}
