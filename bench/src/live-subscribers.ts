import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';

/**
 * The subscribers of the `live` bench case, in their own process (so neither their CPU nor their
 * memory is the gateway's or the publisher's): `count` graphql-ws clients, one socket each, all
 * subscribed to one resume's `resumeStatus`. Every event's `detail` carries `<index>:<epoch ms when
 * published>`; the receive time is taken here on the same machine clock (time origin + monotonic
 * now), so each delivery's latency is computed in this process.
 *
 * Messages to the parent: `{ connected }` once every socket is acknowledged, `{ ready }` once every
 * subscriber has heard at least one event (a probe: then all are subscribed), `{ complete: index,
 * latencies }` when event `index` reached every subscriber, `{ error }` on any failure.
 */
export type SubscriberMessage =
  { connected: number } | { ready: number } | { complete: number; latencies: number[] } | { error: string };

const [url, token, resumeId, countText] = process.argv.slice(2);
const count = Number(countText);
const QUERY = 'subscription ($id: ID!) { resumeStatus(resumeId: $id) { cursor detail } }';
const BATCH = 200;

const send = (message: SubscriberMessage) => {
  if (process.connected) process.send?.(message);
};
const epochNow = () => performance.timeOrigin + performance.now();
const failed = (error: unknown) =>
  send({
    error:
      error instanceof Error
        ? error.message
        : typeof error === 'object' && error !== null && 'reason' in error
          ? `closed: ${(error as { code?: number; reason?: string }).code} ${(error as { reason?: string }).reason}`
          : JSON.stringify(error),
  });

/** Latencies of each timed event, until every subscriber has it. */
const pending = new Map<number, number[]>();
const heardSomething = new Set<number>();
const clients: Client[] = [];

function onEvent(subscriber: number, detail: string): void {
  const receivedAt = epochNow();
  if (!heardSomething.has(subscriber)) {
    heardSomething.add(subscriber);
    if (heardSomething.size === count) send({ ready: count });
  }
  const [indexText, publishedText] = detail.split(':');
  if (indexText === 'probe') return;
  const index = Number(indexText);
  const latencies = pending.get(index) ?? [];
  pending.set(index, latencies);
  latencies.push(receivedAt - Number(publishedText));
  if (latencies.length === count) {
    pending.delete(index);
    send({ complete: index, latencies });
  }
}

async function connect(subscriber: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let connected = false;
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      on: {
        connected: () => {
          connected = true;
          resolve();
        },
        closed: (event) => (connected ? failed(event) : reject(event)),
      },
    });
    clients.push(client);
    client.subscribe<{ resumeStatus: { detail: string } }>(
      { query: QUERY, variables: { id: resumeId } },
      {
        next: (value) => {
          if (value.errors?.length) failed(new Error(JSON.stringify(value.errors)));
          else onEvent(subscriber, value.data!.resumeStatus.detail);
        },
        error: failed,
        complete: () => failed(new Error(`subscription ${subscriber} completed`)),
      },
    );
  });
}

try {
  // Batches, so the gateway's connection handling is not a thundering herd of `count` handshakes.
  for (let start = 0; start < count; start += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => connect(start + i)));
  }
  send({ connected: count });
} catch (error) {
  failed(error);
}
process.on('disconnect', () => {
  void Promise.all(clients.map((client) => client.dispose())).finally(() => process.exit(0));
});
