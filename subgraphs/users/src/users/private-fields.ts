import { assertOwnerOrAdmin } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';

/** Users a request has just signed in as (register/login/refresh): their payload shows their own fields. */
const signedInDuringRequest = new WeakMap<SubgraphContext, string>();

export function markSignedIn(ctx: SubgraphContext, userId: string): void {
  signedInDuringRequest.set(ctx, userId);
}

/** Private account fields: the user themself, someone who just signed in as them, or an admin. */
export function assertCanSeePrivateFields(ctx: SubgraphContext, userId: string): void {
  if (signedInDuringRequest.get(ctx) === userId) return;
  assertOwnerOrAdmin(ctx, userId);
}
