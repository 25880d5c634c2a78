import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@hiregraph/platform/logger';
import { newId } from '@hiregraph/platform/ids';
import { EventBus } from '@hiregraph/platform/events/bus';
import { createEvent, type EventEnvelope } from '@hiregraph/platform/events/envelope';
import { listDeadLetters, type DeadLetter } from '@hiregraph/platform/events/dead-letters';
import { createTestNamespace, eventually, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { openServiceDatabase } from '@hiregraph/platform/db/database';
import { databaseName } from '@hiregraph/platform/config';
import type { OutboxDeadLetter } from '@hiregraph/platform/events/outbox-dead-letters';

const cli = fileURLToPath(new URL('../dist/events.js', import.meta.url));
const run = (ns: TestNamespace, ...args: string[]) =>
  promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, ...ns.env } });

describe('npm run events -- dead-letters (built CLI)', () => {
  let ns: TestNamespace;
  let bus: EventBus;

  beforeEach(async () => {
    ns = createTestNamespace('eventscli');
    bus = await EventBus.connect({
      servers: ns.config.NATS_URL,
      namespace: ns.name,
      service: 'cli',
      logger: createLogger('events-cli-test', 'silent'),
      maxDeliver: 1,
    });
  });

  afterEach(async () => {
    await bus.close();
    await ns.cleanup();
  });

  it('lists dead letters and replays them all to the consumer, which then has them', async () => {
    let failing = true;
    const handled: EventEnvelope[] = [];
    await bus.subscribe('user.deleted', 'erase', async (event) => {
      if (failing) throw new Error('storage down');
      handled.push(event);
    });
    const events = [newId(), newId()].map((userId) =>
      createEvent('user.deleted', { userId }, { producer: 'test' }),
    );
    for (const event of events) await bus.publish(event);
    await eventually(async () => (await listDeadLetters(bus.connection, ns.name)).length === 2);

    const listed = (
      JSON.parse((await run(ns, 'dead-letters', 'list', '--json')).stdout) as { consumers: DeadLetter[] }
    ).consumers;
    expect(listed.map((letter) => [letter.consumer, letter.eventId, letter.error])).toEqual(
      events.map((event) => ['cli_erase', event.id, 'storage down']),
    );
    expect((await run(ns, 'dead-letters', 'list')).stdout).toContain(events[0].id);

    failing = false;
    const replay = await run(ns, 'dead-letters', 'replay', '--all');
    expect(replay.stdout).toContain('2 dead letter(s) replayed.');
    await eventually(async () => handled.length === 2);
    expect(handled.map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect((await run(ns, 'dead-letters', 'list')).stdout).toContain('No dead letters.');
    await expect(run(ns, 'dead-letters', 'replay', String(listed[0].seq))).rejects.toMatchObject({
      stderr: expect.stringContaining(`No dead letter with sequence ${listed[0].seq}`),
    });
  });
  it("lists an outbox event NATS refused and replays it into its subgraph's outbox", async () => {
    const orm = await openServiceDatabase({
      serverUrl: ns.config.DATABASE_URL,
      dbName: databaseName(ns.config, 'jobs'),
      entities: [],
      migrations: [],
      logger: createLogger('events-cli-test', 'silent'),
    });
    try {
      const event = createEvent('user.deleted', { userId: newId() }, { producer: 'jobs' });
      await orm.em.fork().execute(
        `insert into outbox_dead_letters (id, seq, type, payload, created_at, error)
         values (?, 1, ?, ?, now(), 'InvalidArgumentError: max_payload size exceeded')`,
        [event.id, event.type, JSON.stringify(event)],
      );
      const listed = JSON.parse((await run(ns, 'dead-letters', 'list', '--json')).stdout) as {
        outbox: (OutboxDeadLetter & { service: string })[];
      };
      expect(listed.outbox).toEqual([
        expect.objectContaining({ id: event.id, service: 'jobs', type: 'user.deleted' }),
      ]);
      expect((await run(ns, 'dead-letters', 'list')).stdout).toMatch(/jobs outbox .*max_payload/);
      expect((await run(ns, 'dead-letters', 'replay', event.id)).stdout).toContain(
        '1 dead letter(s) replayed.',
      );
      const pending = await orm.em.fork().execute<{ id: string }[]>('select id from outbox');
      expect(pending.map((row) => row.id)).toEqual([event.id]);
      expect((await run(ns, 'dead-letters', 'list')).stdout).toContain('No dead letters.');
      await expect(run(ns, 'dead-letters', 'replay', event.id)).rejects.toMatchObject({
        stderr: expect.stringContaining(`No outbox dead letter ${event.id}`),
      });
    } finally {
      await orm.close();
    }
  });
});
