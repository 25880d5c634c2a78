import { connect, TimeoutError } from '@nats-io/transport-node';
import { jetstreamManager, JetStreamApiError } from '@nats-io/jetstream';
import { baseConfigSchema } from '../config.js';
import { isTransientJetStreamError, natsServers, retryTransient } from './nats-cluster.js';

describe('NATS cluster settings', () => {
  it("reads a cluster's servers from a comma-separated NATS_URL", () => {
    expect(natsServers('nats://127.0.0.1:4222')).toEqual(['nats://127.0.0.1:4222']);
    expect(natsServers(' nats://a:4222, nats://b:4222,,nats://c:4222 ')).toEqual([
      'nats://a:4222',
      'nats://b:4222',
      'nats://c:4222',
    ]);
    expect(() => natsServers(' , ')).toThrow('NATS_URL names no server');
  });

  it('keeps streams on one server unless NATS_REPLICAS says otherwise, at most five', () => {
    expect(baseConfigSchema.parse({}).NATS_REPLICAS).toBe(1);
    expect(baseConfigSchema.parse({ NATS_REPLICAS: '3' }).NATS_REPLICAS).toBe(3);
    expect(baseConfigSchema.safeParse({ NATS_REPLICAS: '0' }).success).toBe(false);
    expect(baseConfigSchema.safeParse({ NATS_REPLICAS: '6' }).success).toBe(false);
  });

  it('tells a leader election (timeout, no responders, 503) from a real refusal (404, bad input)', async () => {
    const connection = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    try {
      const noResponders = await connection
        .request('hiregraph.nobody.listens', '')
        .catch((error: unknown) => error);
      expect(isTransientJetStreamError(noResponders)).toBe(true);
      const jsm = await jetstreamManager(connection);
      const missing = await jsm.streams.info('HG_NO_SUCH_STREAM').catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(JetStreamApiError);
      expect(isTransientJetStreamError(missing)).toBe(false);
    } finally {
      await connection.close();
    }
    expect(isTransientJetStreamError(new TimeoutError())).toBe(true);
    expect(
      isTransientJetStreamError(
        new JetStreamApiError({
          code: 503,
          err_code: 10008,
          description: 'JetStream system temporarily unavailable',
        }),
      ),
    ).toBe(true);
    expect(isTransientJetStreamError(new Error('timeout'))).toBe(false);
  });

  it('retries transient failures within the budget and gives up on the rest at once', async () => {
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls += 1;
          if (calls < 3) throw new TimeoutError();
          return 'answered';
        },
        { budgetMs: 5_000 },
      ),
    ).resolves.toBe('answered');
    expect(calls).toBe(3);

    calls = 0;
    const refusal = new Error('stream not found');
    await expect(
      retryTransient(
        async () => {
          calls += 1;
          throw refusal;
        },
        { budgetMs: 5_000 },
      ),
    ).rejects.toBe(refusal);
    expect(calls).toBe(1);

    calls = 0;
    const started = Date.now();
    await expect(
      retryTransient(
        async () => {
          calls += 1;
          throw new TimeoutError();
        },
        { budgetMs: 400 },
      ),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(calls).toBeGreaterThan(1);
  });
});
