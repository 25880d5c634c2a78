import { codedError, ErrorCode } from '../errors.js';

/**
 * `subscribe` of every subgraph `@Subscription` field. Subgraphs only declare subscription fields
 * (so they compose into the supergraph and clients see them); the gateway's live bridge serves
 * them from JetStream and resolves their selections through the supergraph. A subscription that
 * reaches a subgraph directly was sent to the wrong place.
 */
export function servedByGateway(): never {
  throw codedError(
    ErrorCode.BadUserInput,
    'Subscriptions are served by the gateway (graphql-ws or SSE on /graphql), not by a subgraph',
  );
}

/** Argument description shared by every resumable subscription field. */
export const AFTER_CURSOR_DESCRIPTION =
  'Replay the events after this cursor (the `cursor` of the last event received), then continue live.';
