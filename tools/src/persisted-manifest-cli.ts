/**
 * `npm run persisted:manifest`: writes the persisted operations manifest of operations/ (or
 * `--documents <dir>`) to schema/persisted-operations.json (or `--out <file>`), validated against
 * schema/supergraph.graphql (or `--supergraph <file>`). `--check` fails if the written one is out
 * of date instead (run by `npm run schema:check`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFileIfExists } from './generated-files.js';
import { REPO_ROOT, SUPERGRAPH_FILE } from './paths.js';
import {
  buildManifest,
  DOCUMENTS_DIR,
  formatManifest,
  MANIFEST_FILE,
  readDocuments,
} from './persisted-manifest.js';
import { supergraphApiSchema } from './supergraph.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      documents: { type: 'string', default: path.join(REPO_ROOT, DOCUMENTS_DIR) },
      out: { type: 'string', default: path.join(REPO_ROOT, MANIFEST_FILE) },
      supergraph: { type: 'string', default: path.join(REPO_ROOT, SUPERGRAPH_FILE) },
    },
  });
  const schema = supergraphApiSchema(await readFile(values.supergraph, 'utf8'));
  const manifest = buildManifest(await readDocuments(values.documents), schema);
  const text = formatManifest(manifest);
  const current = await readFileIfExists(values.out);
  if (values.check) {
    if (current === text) return 0;
    console.error(`${values.out} is out of date: run "npm run persisted:manifest".`);
    return 1;
  }
  if (current !== text) await writeFile(values.out, text);
  console.log(
    `${values.out}: ${manifest.operations.length} operations${current === text ? ' (unchanged)' : ''}.`,
  );
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
