/**
 * `npm run events -- dead-letters list [--json]` shows the dead letters of EVENT_NAMESPACE: messages
 * a consumer gave up on (NATS dead-letter stream, numbered) and events NATS refused to take from a
 * subgraph's outbox (too large, refused by the stream; table outbox_dead_letters, by event id).
 * `npm run events -- dead-letters replay <seq|event-id…|--all>` republishes them: a consumer's to the
 * consumer that gave up, an outbox event back through its outbox. NATS_URL, EVENT_NAMESPACE,
 * DATABASE_URL and DATABASE_PREFIX come from the environment, as for the services.
 */
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { natsServers } from '@hiregraph/platform/events/nats-cluster';
import {
  baseConfigSchema,
  databaseName,
  SUBGRAPH_NAMES,
  type SubgraphName,
} from '@hiregraph/platform/config';
import {
  listDeadLetters,
  replayAllDeadLetters,
  replayDeadLetter,
  type DeadLetter,
} from '@hiregraph/platform/events/dead-letters';
import {
  listOutboxDeadLetters,
  replayOutboxDeadLetter,
  withServiceDatabase,
  type OutboxDeadLetter,
} from '@hiregraph/platform/events/outbox-dead-letters';

const usage = `Usage:
  npm run events -- dead-letters list [--json]
  npm run events -- dead-letters replay <seq|event-id> [<seq|event-id>…]
  npm run events -- dead-letters replay --all`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type OutboxLetter = OutboxDeadLetter & { service: SubgraphName };

function line(letter: DeadLetter): string {
  return [
    `#${letter.seq}`,
    letter.deadLetteredAt,
    letter.consumer,
    letter.eventType ?? '(not an event)',
    letter.eventId ?? '-',
    `deliveries=${letter.deliveries}`,
    letter.error,
  ].join('  ');
}

function outboxLine(letter: OutboxLetter): string {
  return [
    letter.id,
    letter.deadLetteredAt,
    `${letter.service} outbox`,
    letter.type,
    `bytes=${letter.bytes}`,
    letter.error,
  ].join('  ');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { all: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [group, command, ...rest] = positionals;
  if (values.help || group !== 'dead-letters' || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const config = baseConfigSchema.parse(process.env);
  /** Runs `work` on every subgraph database that has an outbox; the others are skipped. */
  const eachOutbox = async <T>(work: Parameters<typeof withServiceDatabase<T>>[2]) => {
    const results: { service: SubgraphName; result: T }[] = [];
    for (const service of SUBGRAPH_NAMES) {
      const result = await withServiceDatabase(config.DATABASE_URL, databaseName(config, service), work);
      if (result !== null) results.push({ service, result });
    }
    return results;
  };
  const outboxLetters = async (): Promise<OutboxLetter[]> =>
    (await eachOutbox(listOutboxDeadLetters)).flatMap(({ service, result }) =>
      result.map((letter) => ({ ...letter, service })),
    );
  const connection = await connect({ servers: natsServers(config.NATS_URL), name: 'events-cli' });
  try {
    if (command === 'list') {
      const letters = await listDeadLetters(connection, config.EVENT_NAMESPACE);
      const outbox = await outboxLetters();
      if (values.json) console.log(JSON.stringify({ consumers: letters, outbox }, null, 2));
      else if (letters.length + outbox.length === 0) console.log('No dead letters.');
      else {
        for (const letter of letters) console.log(line(letter));
        for (const letter of outbox) console.log(outboxLine(letter));
      }
      return 0;
    }
    if (command === 'replay') {
      const ids = rest.filter((arg) => UUID.test(arg));
      const seqs = rest.filter((arg) => !UUID.test(arg)).map(Number);
      if (values.all === rest.length > 0 || seqs.some((seq) => !Number.isInteger(seq) || seq < 1)) {
        console.error(usage);
        return 2;
      }
      const replayed = values.all
        ? await replayAllDeadLetters(connection, config.EVENT_NAMESPACE)
        : await Promise.all(seqs.map((seq) => replayDeadLetter(connection, config.EVENT_NAMESPACE, seq)));
      for (const letter of replayed) console.log(`replayed ${line(letter)}`);
      const outbox = (await outboxLetters()).filter((letter) => values.all || ids.includes(letter.id));
      const missing = ids.filter((id) => !outbox.some((letter) => letter.id === id));
      if (missing.length > 0) throw new Error(`No outbox dead letter ${missing.join(', ')}`);
      for (const letter of outbox) {
        await withServiceDatabase(config.DATABASE_URL, databaseName(config, letter.service), (db) =>
          replayOutboxDeadLetter(db, letter.id),
        );
        console.log(`replayed ${outboxLine(letter)}`);
      }
      console.log(`${replayed.length + outbox.length} dead letter(s) replayed.`);
      return 0;
    }
    console.error(usage);
    return 2;
  } finally {
    await connection.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
