import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths.js';

const execFileAsync = promisify(execFile);

/**
 * Prints one subgraph's federation SDL in a child process of its own: type-graphql keeps its
 * metadata in globals, so two subgraphs built in one process could clash on shared type names
 * (e.g. `User`). The child is the same Node binary (process.execPath), so Node 24 runs it.
 */
export async function loadSubgraphSdl(name: string, root: string = REPO_ROOT): Promise<string> {
  const builtSchema = path.join(root, 'subgraphs', name, 'dist', 'schema.js');
  if (!existsSync(builtSchema)) {
    throw new Error(`${path.relative(root, builtSchema)} not found: build first (npx turbo run build)`);
  }
  try {
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--input-type=module', '--eval', sdlScript(name)],
      {
        cwd: root, // bare @hiregraph/* specifiers in --eval resolve from the working directory
        env: { ...process.env, LOG_LEVEL: 'silent' },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return stdout.endsWith('\n') ? stdout : `${stdout}\n`;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`Printing the ${name} subgraph schema failed:\n${stderr || (error as Error).message}`);
  }
}

/** Loads platform's printer first: it imports reflect-metadata before any decorated class is evaluated. */
function sdlScript(name: string): string {
  return [
    `const { printSubgraphSdl } = await import('@hiregraph/platform/subgraph/schema');`,
    `const { buildSchema } = await import(${JSON.stringify(`@hiregraph/subgraph-${name}/schema`)});`,
    `process.stdout.write(printSubgraphSdl(await buildSchema()));`,
  ].join('\n');
}
