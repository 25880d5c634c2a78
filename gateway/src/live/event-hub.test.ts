import { EventBus } from '@hiregraph/platform/events/bus';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace, eventually, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { EventHub, type StreamedEvent } from './event-hub.js';

const logger = createLogger('event-hub-test', process.env.TEST_LOG_LEVEL ?? 'silent');

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

  const publish = (detail: string) =>
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
