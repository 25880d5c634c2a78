/**
 * `npm run events -- dead-letters list [--json]` shows the dead letters of EVENT_NAMESPACE;
 * `npm run events -- dead-letters replay <seq…|--all>` republishes them to the consumer that gave up
 * and removes them. NATS_URL and EVENT_NAMESPACE come from the environment, as for the services.
 */
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { baseConfigSchema } from '@hiregraph/libs/config';
import {
  listDeadLetters,
  replayAllDeadLetters,
  replayDeadLetter,
  type DeadLetter,
} from '@hiregraph/libs/events/dead-letters';

const usage = `Usage:
  npm run events -- dead-letters list [--json]
  npm run events -- dead-letters replay <seq> [<seq>…]
  npm run events -- dead-letters replay --all`;

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
  const connection = await connect({ servers: config.NATS_URL, name: 'events-cli' });
  try {
    if (command === 'list') {
      const letters = await listDeadLetters(connection, config.EVENT_NAMESPACE);
      if (values.json) console.log(JSON.stringify(letters, null, 2));
      else if (letters.length === 0) console.log('No dead letters.');
      else for (const letter of letters) console.log(line(letter));
      return 0;
    }
    if (command === 'replay') {
      const seqs = rest.map(Number);
      if (values.all === seqs.length > 0 || seqs.some((seq) => !Number.isInteger(seq) || seq < 1)) {
        console.error(usage);
        return 2;
      }
      const replayed = values.all
        ? await replayAllDeadLetters(connection, config.EVENT_NAMESPACE)
        : await Promise.all(seqs.map((seq) => replayDeadLetter(connection, config.EVENT_NAMESPACE, seq)));
      for (const letter of replayed) console.log(`replayed ${line(letter)}`);
      console.log(`${replayed.length} dead letter(s) replayed.`);
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
