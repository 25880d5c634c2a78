/**
 * `npm start`: boots the four subgraphs and the gateway as child processes with `[name]`-prefixed
 * output. Ctrl-C / SIGTERM stops them all; if one exits on its own the rest are stopped and this
 * exits non-zero. Ports and everything else come from the environment (GATEWAY_PORT, USERS_PORT, ...).
 */
import { startPlatform, type Platform } from './platform.js';
import { describeExit } from './service-group.js';

const startup = new AbortController();
let shutdown: Promise<void> | undefined;

const starting: Promise<Platform> = startPlatform({
  signal: startup.signal,
  onUnexpectedExit: (exit) =>
    stop(1, `${exit.name} exited unexpectedly (${describeExit(exit)}); stopping the rest`),
});

function stop(exitCode: number, reason?: string): void {
  shutdown ??= (async () => {
    if (reason) console.error(reason);
    startup.abort();
    // If startup was aborted, startPlatform already stopped what it had started.
    const platform = await starting.catch(() => undefined);
    await platform?.stopAll();
    process.exit(exitCode);
  })();
}

process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

try {
  const platform = await starting;
  if (!shutdown) console.log(`Hiregraph is up: ${platform.urls.gateway}`);
} catch (error) {
  if (!shutdown) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
