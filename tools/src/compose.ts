/**
 * `npm run compose`: regenerates schema/ (subgraph SDLs, the composed supergraph and its API schema,
 * the event catalog as JSON Schema and AsyncAPI) and the SDK's generated code (clients/sdk), and reports the API changes versus the previous supergraph.
 * `npm run schema:check` (--check): generates in memory and fails if schema/ is out of date or the
 * supergraph API has breaking changes.
 * `--subgraphs users,jobs` composes only those (while the others are being written).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SUBGRAPH_NAMES, type SubgraphName } from '@hiregraph/platform/config';
import { generateSchemaFiles } from './generate.js';
import { applyDrift, findDrift, formatDrift, readFileIfExists, summarizeDrift } from './generated-files.js';
import { EVENT_SCHEMA_DIR, LIVE_SCHEMA_DIR, REPO_ROOT, SUPERGRAPH_FILE } from './paths.js';
import { diffSupergraphs, formatSchemaChanges, type SchemaChangeReport } from './schema-diff.js';

function parseSubgraphs(value: string | undefined): readonly SubgraphName[] {
  if (!value) return SUBGRAPH_NAMES;
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !SUBGRAPH_NAMES.includes(name as SubgraphName));
  if (unknown.length > 0) throw new Error(`Unknown subgraph(s): ${unknown.join(', ')}`);
  return names as SubgraphName[];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, subgraphs: { type: 'string' } },
  });
  const root = REPO_ROOT;
  const generated = await generateSchemaFiles({ root, subgraphs: parseSubgraphs(values.subgraphs) });
  for (const hint of generated.hints) console.log(`composition hint: ${hint}`);

  const previousSupergraph = await readFileIfExists(path.join(root, SUPERGRAPH_FILE));
  const changes = await diffSupergraphs(previousSupergraph, generated.supergraphSdl);
  const drifts = await findDrift(root, generated.files, [EVENT_SCHEMA_DIR, LIVE_SCHEMA_DIR]);

  if (!values.check) {
    await applyDrift(root, drifts);
    console.log(
      drifts.length === 0 ? 'schema/ is up to date.' : `Updated schema/:\n${summarizeDrift(drifts, true)}`,
    );
    console.log(
      changes ? formatSchemaChanges(changes) : `Wrote ${SUPERGRAPH_FILE} (no previous supergraph).`,
    );
    if (changes && changes.breaking.length > 0) console.log(breakingAdvice(changes));
    return 0;
  }

  if (changes) console.log(formatSchemaChanges(changes));
  if (drifts.length === 0) {
    console.log('schema/ matches the code.');
    return 0;
  }
  console.error(`schema/ is out of date (${drifts.length} file(s)):\n${summarizeDrift(drifts)}\n`);
  console.error(formatDrift(drifts));
  if (changes && changes.breaking.length > 0) console.error(`\n${breakingAdvice(changes)}`);
  console.error('\nRun `npm run compose` and commit schema/ and clients/sdk/src/generated/.');
  return 1;
}

function breakingAdvice(changes: SchemaChangeReport): string {
  return (
    `The supergraph API has ${changes.breaking.length} breaking change(s). Clients may break: ` +
    'prefer additive changes (new fields/types, @deprecated on the old ones) or version the change, ' +
    'then run `npm run compose` and commit schema/.'
  );
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
