import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPORT_LISTENING_ENV } from '@hiregraph/platform/listening';

/**
 * A stand-in service process for testing the process runner (not the services): an HTTP server on
 * `$<NAME>_PORT` (or `$PORT`; 0 = any, reported over IPC like the real services do) that answers
 * every path with its name and env, and misbehaves on demand: FIXTURE_FAIL=<name> prints a few lines
 * and exits at start, FIXTURE_SLOW=<name> listens only after a second,
 * FIXTURE_IGNORE_SIGTERM=<name> ignores SIGTERM, FIXTURE_EXIT=<name> prints why and exits
 * with code 7 after FIXTURE_EXIT_AFTER_MS.
 */
export function fixtureServiceScript(name: string): string {
  return `
import http from 'node:http';
const name = ${JSON.stringify(name)};
const env = process.env;
const port = Number(env[name.toUpperCase() + '_PORT'] ?? env.PORT);
if (env.FIXTURE_FAIL === name) {
  for (let line = 1; line <= 20; line += 1) console.error(name + ': starting step ' + line);
  console.error(name + ': cannot start');
  process.exit(3);
}
const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ name, path: req.url, env }));
});
const listen = () =>
  server.listen(port, '127.0.0.1', () => {
    const bound = server.address().port;
    console.log(name + ' listening on ' + bound);
    if (env[${JSON.stringify(REPORT_LISTENING_ENV)}] && process.send)
      process.send({ type: 'hiregraph:listening', port: bound });
  });
if (env.FIXTURE_SLOW === name) setTimeout(listen, 1000);
else listen();
process.on('SIGTERM', () => {
  if (env.FIXTURE_IGNORE_SIGTERM === name) return console.log('ignoring SIGTERM');
  console.log('stopping');
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
if (env.FIXTURE_EXIT === name)
  setTimeout(() => {
    console.error(name + ': lost its database');
    process.exit(7);
  }, Number(env.FIXTURE_EXIT_AFTER_MS));
`;
}

export async function writeFixtureService(file: string, name: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, fixtureServiceScript(name));
  return file;
}
