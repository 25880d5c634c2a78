import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '@hiregraph/platform/config';
import { buildEventCatalogFiles, buildLiveCatalogFiles } from './event-catalog.js';
import type { GeneratedFiles } from './generated-files.js';
import { buildAsyncApiFile } from './asyncapi.js';
import { API_SCHEMA_FILE, ASYNCAPI_FILE, REPO_ROOT, subgraphSchemaFile, SUPERGRAPH_FILE } from './paths.js';
import { generateSdkFiles } from './sdk-codegen.js';
import { loadSubgraphSdl } from './subgraph-sdl.js';
import { composeSupergraph, printApiSchema } from './supergraph.js';

export interface GenerateOptions {
  root?: string;
  subgraphs?: readonly SubgraphName[];
  /** Where a subgraph's SDL comes from; a child process per subgraph by default. */
  loadSdl?: (name: SubgraphName) => Promise<string>;
}

export interface GeneratedSchema {
  files: GeneratedFiles;
  supergraphSdl: string;
  hints: string[];
}

/** The URL composition records for a subgraph: its documented local port. */
export function subgraphUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`;
}

/**
 * Everything under schema/, in memory: each subgraph's SDL, the supergraph, its API schema, the
 * event catalog and its AsyncAPI document, and the SDK's generated operation types.
 */
export async function generateSchemaFiles(options: GenerateOptions = {}): Promise<GeneratedSchema> {
  const root = options.root ?? REPO_ROOT;
  const names = options.subgraphs ?? SUBGRAPH_NAMES;
  const loadSdl = options.loadSdl ?? ((name: SubgraphName) => loadSubgraphSdl(name, root));
  const subgraphs = await Promise.all(
    names.map(async (name) => ({ name, url: subgraphUrl(name), sdl: await loadSdl(name) })),
  );
  const { supergraphSdl, hints } = composeSupergraph(subgraphs);

  const files: GeneratedFiles = new Map();
  for (const { name, sdl } of subgraphs) files.set(subgraphSchemaFile(name), sdl);
  files.set(SUPERGRAPH_FILE, supergraphSdl);
  const apiSchemaSdl = printApiSchema(supergraphSdl);
  files.set(API_SCHEMA_FILE, apiSchemaSdl);
  files.set(ASYNCAPI_FILE, buildAsyncApiFile());
  for (const [file, content] of buildEventCatalogFiles()) files.set(file, content);
  for (const [file, content] of buildLiveCatalogFiles()) files.set(file, content);
  // The SDK's operations are typed against the whole API: a partial composition would not do.
  if (names.length === SUBGRAPH_NAMES.length) {
    for (const [file, content] of await generateSdkFiles(root, apiSchemaSdl)) files.set(file, content);
  }
  return { files, supergraphSdl, hints };
}
