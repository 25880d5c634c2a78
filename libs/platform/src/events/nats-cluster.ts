/**
 * A NATS cluster as the services see it: NATS_URL may list several servers (comma-separated), so a
 * client that loses its server reconnects to another one instead of waiting for it, and
 * NATS_REPLICAS says on how many servers JetStream keeps each stream (durable consumers inherit the
 * stream's replicas). One server and one replica on a developer machine.
 */
import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { JetStreamApiError } from '@nats-io/jetstream';

/** The servers of a NATS_URL: `nats://a:4222,nats://b:4222` → two URLs (blanks dropped). */
export function natsServers(natsUrl: string): string[] {
  const servers = natsUrl
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server.length > 0);
  if (servers.length === 0) throw new Error('NATS_URL names no server');
  return servers;
}

/**
 * Whether a JetStream API call failed only because the cluster is settling: the server holding the
 * stream's (or consumer's) leader died and the RAFT group has not elected a new one yet, or the
 * client is between servers. Such calls time out, find no responder, or get 503; the same call
 * succeeds a few seconds later. Anything else (a missing stream, a bad request) is not retried.
 */
export function isTransientJetStreamError(error: unknown): boolean {
  if (error instanceof TimeoutError || error instanceof NoRespondersError) return true;
  if (error instanceof RequestError) {
    return error.isNoResponders() || error.cause instanceof TimeoutError;
  }
  if (error instanceof JetStreamApiError) return error.status === 503;
  return false;
}

export interface RetryTransientOptions {
  /** How long to keep trying before the last error is thrown (a leader election takes seconds). */
  budgetMs: number;
  /** Stops waiting (the last error is thrown) once aborted. */
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `call` again, with growing pauses, while it fails with a transient JetStream error and the
 * budget lasts: a leader election should delay a client, not fail it.
 */
export async function retryTransient<T>(call: () => Promise<T>, options: RetryTransientOptions): Promise<T> {
  const deadline = Date.now() + options.budgetMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const pause = Math.min(2_000, 100 * 2 ** (attempt - 1));
      if (!isTransientJetStreamError(error) || options.signal?.aborted || Date.now() + pause > deadline) {
        throw error;
      }
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
