import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A stand-in service process for testing the process runner (not the services): an HTTP server on
 * `$<NAME>_PORT` (or `$PORT`) that answers every path with its name and env, and misbehaves on demand:
 * FIXTURE_FAIL=<name> exits at start, FIXTURE_SLOW=<name> listens only after a second,
 * FIXTURE_IGNORE_SIGTERM=<name> ignores SIGTERM, FIXTURE_EXIT=<name> exits with code 7 after
 * FIXTURE_EXIT_AFTER_MS.
 */
export function fixtureServiceScript(name: string): string {
  return `
import http from 'node:http';
const name = ${JSON.stringify(name)};
const env = process.env;
const port = Number(env[name.toUpperCase() + '_PORT'] ?? env.PORT);
if (env.FIXTURE_FAIL === name) {
  console.error(name + ': cannot start');
  process.exit(3);
}
const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ name, path: req.url, env }));
});
const listen = () => server.listen(port, '127.0.0.1', () => console.log(name + ' listening on ' + port));
if (env.FIXTURE_SLOW === name) setTimeout(listen, 1000);
else listen();
process.on('SIGTERM', () => {
  if (env.FIXTURE_IGNORE_SIGTERM === name) return console.log('ignoring SIGTERM');
  console.log('stopping');
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
if (env.FIXTURE_EXIT === name) setTimeout(() => process.exit(7), Number(env.FIXTURE_EXIT_AFTER_MS));
`;
}

export async function writeFixtureService(file: string, name: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, fixtureServiceScript(name));
  return file;
}
