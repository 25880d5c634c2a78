import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nanos } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createLogger } from '../logger.js';
import { OwnNatsCluster } from '../testing/nats-cluster.js';
import { EventBus, ensureStream, eventStreamName } from './bus.js';
import { natsServers } from './nats-cluster.js';

const silent = createLogger('nats-cluster-test', 'silent');

describe('streams on a three-server NATS cluster', () => {
  let directory: string;
  let cluster: OwnNatsCluster;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'hg-nats-cluster-'));
    cluster = new OwnNatsCluster(directory);
    await cluster.start();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stopAll();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('keeps every stream on NATS_REPLICAS servers, moves an older one-replica stream, and consumers inherit it', async () => {
    const namespace = 'replicated';
    const bootstrap = await EventBus.connect({
      servers: natsServers(cluster.url),
      namespace: 'bootstrap',
      service: 'test',
      logger: silent,
    });
    const jsm = await jetstreamManager(bootstrap.connection);
    // As a deployment from before NATS_REPLICAS left it: the event stream on one server.
    await ensureStream(jsm, eventStreamName(namespace), {
      subjects: [`${namespace}.events.>`],
      max_age: nanos(86_400_000),
    });
    expect((await jsm.streams.info(eventStreamName(namespace))).config.num_replicas).toBe(1);

    const bus = await EventBus.connect({
      servers: natsServers(cluster.url),
      replicas: 3,
      namespace,
      service: 'test',
      logger: silent,
    });
    try {
      for await (const stream of jsm.streams.list()) {
        if (!stream.config.name.startsWith(`${namespace}_`)) continue;
        expect({ stream: stream.config.name, replicas: stream.config.num_replicas }).toEqual({
          stream: stream.config.name,
          replicas: 3,
        });
      }
      await bus.subscribe('user.registered', 'replicated', async () => {});
      const consumer = await jsm.consumers.info(eventStreamName(namespace), 'test_replicated');
      // The leader and two followers.
      expect(consumer.cluster?.leader).toBeDefined();
      expect(consumer.cluster?.replicas).toHaveLength(2);
    } finally {
      await bus.close();
      await bootstrap.close();
    }
  }, 60_000);
});
