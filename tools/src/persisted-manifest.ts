/**
 * The Apollo persisted query manifest of a documents folder, which the gateway's trusted mode
 * (PERSISTED_OPERATIONS=trusted) runs alone (`npm run persisted:manifest`, persisted-manifest-cli.ts).
 * Every named operation of the folder's .graphql files becomes one entry, with the fragments it
 * spreads, validated against the supergraph's API schema; its id is the SHA-256 of its body.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  Kind,
  parse,
  print,
  validate,
  visit,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { operationHash, type PersistedQueryManifest } from '@hiregraph/gateway/persisted-operations';
import { SCHEMA_DIR } from './paths.js';

/** The repository's example operations; a client's or SDK's documents folder can feed it too. */
export const DOCUMENTS_DIR = 'operations';
export const MANIFEST_FILE = path.posix.join(SCHEMA_DIR, 'persisted-operations.json');

/** A document file's text, named by its path (for messages). */
export interface DocumentFile {
  path: string;
  text: string;
}

/** Every .graphql/.gql file under `dir`, in path order. */
export async function readDocuments(dir: string): Promise<DocumentFile[]> {
  const names = (await readdir(dir, { recursive: true }))
    .filter((name) => /\.(graphql|gql)$/.test(name))
    .sort();
  return Promise.all(
    names.map(async (name) => ({ path: name, text: await readFile(path.join(dir, name), 'utf8') })),
  );
}

/** The manifest of `files`' operations, or an error naming every problem found. */
export function buildManifest(files: DocumentFile[], schema: GraphQLSchema): PersistedQueryManifest {
  const problems: string[] = [];
  const operations = new Map<string, { node: OperationDefinitionNode; file: string }>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const file of files) {
    let definitions: readonly DefinitionNode[];
    try {
      definitions = parse(file.text).definitions;
    } catch (error) {
      problems.push(`${file.path}: ${(error as Error).message}`);
      continue;
    }
    for (const definition of definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(definition.name.value)) {
          problems.push(`${file.path}: fragment ${definition.name.value} is defined twice`);
        }
        fragments.set(definition.name.value, definition);
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        // Clients and logs know an operation by its name: an anonymous one could not be told apart.
        const name = definition.name?.value;
        if (!name) problems.push(`${file.path}: every operation needs a name`);
        else if (operations.has(name)) problems.push(`${file.path}: operation ${name} is defined twice`);
        else operations.set(name, { node: definition, file: file.path });
      } else {
        problems.push(`${file.path}: only operations and fragments belong in a documents folder`);
      }
    }
  }

  const entries: PersistedQueryManifest['operations'] = [];
  for (const [name, { node, file }] of [...operations].sort(([a], [b]) => a.localeCompare(b))) {
    const used = spreadFragments(node, fragments);
    const missing = used.filter((fragment) => !fragments.has(fragment));
    if (missing.length > 0) {
      problems.push(`${file}: ${name} spreads undefined fragment(s) ${missing.join(', ')}`);
      continue;
    }
    const document = {
      kind: Kind.DOCUMENT,
      definitions: [node, ...used.map((fragment) => fragments.get(fragment)!)],
    } as const;
    const errors = validate(schema, document);
    if (errors.length > 0) {
      problems.push(...errors.map((error) => `${file}: ${name}: ${error.message}`));
      continue;
    }
    const body = print(document);
    entries.push({ id: operationHash(body), name, type: node.operation, body });
  }
  if (problems.length > 0)
    throw new Error(`Persisted operations manifest not built:\n${problems.join('\n')}`);
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: entries };
}

/** The fragments `operation` spreads, directly or through other fragments, by name in order. */
function spreadFragments(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): string[] {
  const found = new Set<string>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [operation];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (found.has(name)) return;
        found.add(name);
        const fragment = fragments.get(name);
        if (fragment) pending.push(fragment);
      },
    });
  }
  return [...found].sort();
}

export function formatManifest(manifest: PersistedQueryManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
