import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import type { OwnerService } from './owner.service.js';

/** Keeps resume_owners in step with the users subgraph; each event takes effect once. */
export async function subscribeOwnerEvents(runtime: SubgraphRuntime, owners: OwnerService): Promise<void> {
  await consumeOnce(runtime, 'user.registered', 'owner_projection', (event, tx) => owners.project(tx, event));
  await consumeOnce(runtime, 'user.updated', 'owner_profile', (event, tx) => owners.update(tx, event));
  await consumeOnce(runtime, 'user.deleted', 'owner_deletion', (event, tx) =>
    owners.forget(tx, event.data.userId),
  );
}
