import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus, eventStreamName } from '@hiregraph/platform/events/bus';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { natsServers } from '@hiregraph/platform/events/nats-cluster';
import { createLogger } from '@hiregraph/platform/logger';
import { OwnNatsCluster } from '@hiregraph/platform/testing/nats-cluster';
import { createTestNamespace, eventually, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { EventHub, type StreamedEvent } from './event-hub.js';

const logger = createLogger('event-hub-test', process.env.TEST_LOG_LEVEL ?? 'silent');

const publishStatus = (bus: EventBus, detail: string) =>
  bus.publish(
    createEvent(
      'resume.status_changed',
      {
        resumeId: '00000000-0000-4000-8000-000000000001',
        ownerId: '00000000-0000-4000-8000-000000000002',
        status: 'PROCESSING',
        detail,
      },
      { producer: 'resumes' },
    ),
  );

describe('EventHub on the real JetStream', () => {
  let ns: TestNamespace;
  let bus: EventBus;
  let hub: EventHub;

  beforeAll(async () => {
    ns = createTestNamespace('eventhub');
    bus = await EventBus.connect({
      servers: ns.config.NATS_URL,
      namespace: ns.name,
      service: 'event-hub-test',
      logger,
    });
    hub = await EventHub.connect({
      servers: ns.config.NATS_URL,
      namespace: ns.name,
      logger,
      watchdogMs: 60_000,
    });
  });

  afterAll(async () => {
    await hub?.close();
    await bus?.close();
    await ns?.cleanup();
  });

  const publish = (detail: string) => publishStatus(bus, detail);

  it('delivers events published while a feed that has delivered nothing yet restarts', async () => {
    const received: string[] = [];
    // The subject is empty when the feed starts: its start position is 0, as is "nothing delivered".
    const unlisten = await hub.listen('resume.status_changed', (streamed: StreamedEvent) =>
      received.push((streamed.event.data as { detail: string }).detail),
    );
    // A restart (NATS reconnect, watchdog), and an event stored before the consumer is recreated.
    hub.restartFeeds('test');
    await publish('during the restart');
    await publish('after the restart');
    await eventually(() => received.length >= 2);
    expect(received).toEqual(['during the restart', 'after the restart']);
    unlisten();
  });
});

/**
 * A subscriber that arrives or resumes while the event stream's leader is being re-elected (its
 * server was killed) waits for the new leader instead of receiving the JetStream client's timeout:
 * the cluster failover test once saw a live client get `{"message":"timeout"}` that way.
 */
describe('EventHub while the stream leader is re-elected', () => {
  let directory: string;
  let cluster: OwnNatsCluster;
  let bus: EventBus;
  let hub: EventHub;
  const namespace = `election${process.pid}`;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'hg-hub-election-'));
    cluster = new OwnNatsCluster(directory);
    await cluster.start();
    bus = await EventBus.connect({
      servers: natsServers(cluster.url),
      replicas: 3,
      namespace,
      service: 'event-hub-election-test',
      logger,
    });
    hub = await EventHub.connect({
      servers: natsServers(cluster.url),
      replicas: 3,
      namespace,
      logger,
      watchdogMs: 60_000,
    });
  }, 90_000);

  afterAll(async () => {
    await hub?.close();
    await bus?.close();
    await cluster?.stopAll();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  const publish = (detail: string) => publishStatus(bus, detail);

  it('resumes a cursor and replays every event once, in order, right after the leader is killed', async () => {
    const details = Array.from({ length: 20 }, (_, index) => `event ${index}`);
    for (const detail of details) await publish(detail);
    const leader = await cluster.leaderOf(eventStreamName(namespace));

    await cluster.stop(leader, 'SIGKILL');
    try {
      // Both calls reach JetStream before a new leader is elected.
      const from = await hub.resumePoint('resume.status_changed', 5, 600_000);
      const replayed: StreamedEvent[] = [];
      for await (const streamed of hub.replay('resume.status_changed', from, new AbortController().signal)) {
        replayed.push(streamed);
      }
      expect(from).toBe(5);
      expect(replayed.map((streamed) => (streamed.event.data as { detail: string }).detail)).toEqual(
        details.slice(5),
      );
      expect(replayed.map((streamed) => streamed.seq)).toEqual(details.slice(5).map((_, index) => index + 6));
    } finally {
      await cluster.restart(leader);
    }
  }, 90_000);
});
