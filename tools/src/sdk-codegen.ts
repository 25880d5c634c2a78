import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import type { Types } from '@graphql-codegen/plugin-helpers';
import { parse } from 'yaml';
import { SDK_DIR } from './paths.js';

/**
 * The SDK's generated files (clients/sdk/codegen.yml run by GraphQL Code Generator), in memory and
 * repository-relative, from `apiSchemaSdl` rather than the committed schema/api.graphql: compose
 * writes both at once, and schema:check catches an SDK that no longer matches the schema. An
 * operation in clients/sdk/src/documents that the schema no longer accepts fails generation.
 */
export async function generateSdkFiles(root: string, apiSchemaSdl: string): Promise<Map<string, string>> {
  const cwd = path.join(root, SDK_DIR);
  const config = parse(await readFile(path.join(cwd, 'codegen.yml'), 'utf8')) as Types.Config;
  const outputs = (await generate(
    { ...config, schema: apiSchemaSdl, cwd, silent: true },
    false,
  )) as Types.FileOutput[];
  return new Map(
    outputs.map((output) => [
      path.posix.join(SDK_DIR, output.filename.split(path.sep).join('/')),
      output.content,
    ]),
  );
}
