import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { eventStreamName } from '../events/bus.js';
import { eventually } from './namespace.js';

/**
 * Waits until the durable consumer `${service}_${name}` has finished with every event up to stream
 * sequence `streamSeq` (acknowledged or terminated): the condition to wait on before asserting what
 * a delivery did, or that it did nothing.
 */
export async function eventuallyConsumed(
  connection: NatsConnection,
  namespace: string,
  durable: string,
  streamSeq: number,
  timeoutMs?: number,
): Promise<void> {
  const jsm = await jetstreamManager(connection);
  await eventually(async () => {
    const info = await jsm.consumers.info(eventStreamName(namespace), durable);
    return info.ack_floor.stream_seq >= streamSeq && info.num_ack_pending === 0;
  }, timeoutMs);
}
