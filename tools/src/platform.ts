import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  DEFAULT_PORTS,
  portSetting,
  SUBGRAPH_NAMES,
  type ServiceName,
  type SubgraphName,
} from '@hiregraph/libs/config';
import { REPO_ROOT } from './paths.js';
import { ServiceGroup, type OutputSink, type ServiceExit, type ServiceSpec } from './service-group.js';

export type { OutputSink, ServiceExit } from './service-group.js';
export { prefixedOutput } from './service-group.js';

export interface PlatformOptions {
  /** Repository root holding the built services (default: this checkout). */
  root?: string;
  /** Merged over process.env for every service, e.g. a test's own DATABASE_PREFIX and EVENT_NAMESPACE. */
  env?: NodeJS.ProcessEnv;
  /** Per-service ports, or 'auto' for free ones; otherwise `<NAME>_PORT` from env, then the defaults. */
  ports?: Partial<Record<ServiceName, number>> | 'auto';
  /** Subgraphs to boot (default: all four). */
  subgraphs?: readonly SubgraphName[];
  /** Boot the gateway after the subgraphs (default: true). */
  gateway?: boolean;
  /** Where services' output lines go (default: `[name]`-prefixed to stdout). Pass `() => {}` to silence. */
  output?: OutputSink;
  healthTimeoutMs?: number;
  stopTimeoutMs?: number;
  /** A service that was up exited without `stop()`; the others keep running. */
  onUnexpectedExit?: (exit: ServiceExit) => void;
  /** Aborting during startup stops what has started and rejects. */
  signal?: AbortSignal;
}

export interface Platform {
  /** Host the services listen on and are reached at. */
  host: string;
  ports: Record<ServiceName, number>;
  /** GraphQL endpoint of each service, e.g. `urls.gateway` = http://127.0.0.1:4000/graphql. */
  urls: Record<ServiceName, string>;
  /** The environment every service was started with. */
  env: NodeJS.ProcessEnv;
  isRunning(name: ServiceName): boolean;
  /** (Re)starts one service with the same port and env; resolves once it is healthy. */
  start(name: ServiceName): Promise<void>;
  /** Stops one service: SIGTERM (or `signal`, e.g. SIGKILL to simulate a crash), SIGKILL after the timeout. */
  stop(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Stops the gateway first (so it stops routing), then every subgraph. */
  stopAll(): Promise<void>;
}

const SERVICE_NAMES = Object.keys(DEFAULT_PORTS) as ServiceName[];

/**
 * Boots the subgraphs (in parallel) and then the gateway as child processes, each from its built
 * dist/main.js, and waits until every one answers /healthz. On any startup failure everything
 * started so far is stopped again and the error (with the failing service's last output) is thrown.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const root = options.root ?? REPO_ROOT;
  const baseEnv = { ...process.env, ...options.env };
  const host = connectHost(baseEnv.HOST);
  const ports = await resolvePorts(options.ports, baseEnv, host);
  const urls = mapServices((name) => `http://${host}:${ports[name]}/graphql`);
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  for (const name of SERVICE_NAMES) {
    env[`${name.toUpperCase()}_PORT`] = String(ports[name]);
    env[`${name.toUpperCase()}_URL`] = urls[name];
  }
  const spec = (name: ServiceName): ServiceSpec => ({
    name,
    entry: path.join(root, name === 'gateway' ? 'gateway' : path.join('subgraphs', name), 'dist', 'main.js'),
    host,
    port: ports[name],
    healthUrl: `http://${host}:${ports[name]}/healthz`,
    env,
  });

  const names: ServiceName[] = [
    ...(options.subgraphs ?? SUBGRAPH_NAMES),
    ...(options.gateway === false ? [] : ['gateway' as const]),
  ];
  const unbuilt = names
    .map((name) => path.relative(root, spec(name).entry))
    .filter((entry) => !existsSync(path.join(root, entry)));
  if (unbuilt.length > 0)
    throw new Error(`Not built: ${unbuilt.join(', ')}; build first (npx turbo run build)`);

  let started = false;
  const startupFailure = new AbortController();
  const group = new ServiceGroup({
    cwd: root,
    output: options.output,
    healthTimeoutMs: options.healthTimeoutMs,
    stopTimeoutMs: options.stopTimeoutMs,
    onUnexpectedExit: (exit) => {
      if (started) options.onUnexpectedExit?.(exit);
      else startupFailure.abort(new Error(`${exit.name} exited while the platform was starting`));
    },
  });
  const startupSignal = options.signal
    ? AbortSignal.any([options.signal, startupFailure.signal])
    : startupFailure.signal;
  // The first failure aborts the others' health waits, so startup fails fast and leaves nothing behind.
  const startAll = async (names: readonly ServiceName[]) => {
    await Promise.allSettled(
      names.map((name) =>
        group.start(spec(name), startupSignal).catch((error: unknown) => startupFailure.abort(error)),
      ),
    );
    startupSignal.throwIfAborted();
  };
  try {
    await startAll(names.filter((name) => name !== 'gateway'));
    if (names.includes('gateway')) await startAll(['gateway']);
  } catch (error) {
    await group.stopAll();
    throw error;
  }
  started = true;

  return {
    host,
    ports,
    urls,
    env,
    isRunning: (name) => group.isRunning(name),
    start: (name) => group.start(spec(name)),
    stop: (name, signal) => group.stop(name, signal),
    async stopAll() {
      await group.stop('gateway');
      await group.stopAll();
    },
  };
}

function mapServices<T>(value: (name: ServiceName) => T): Record<ServiceName, T> {
  return Object.fromEntries(SERVICE_NAMES.map((name) => [name, value(name)])) as Record<ServiceName, T>;
}

/** Services listen on HOST; a wildcard address is reached through loopback. */
function connectHost(host: string | undefined): string {
  return !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

async function resolvePorts(
  ports: PlatformOptions['ports'],
  env: NodeJS.ProcessEnv,
  host: string,
): Promise<Record<ServiceName, number>> {
  if (ports === 'auto') {
    const free = await freePorts(SERVICE_NAMES.length, host);
    return mapServices((name) => free[SERVICE_NAMES.indexOf(name)]);
  }
  return mapServices(
    (name) => ports?.[name] ?? portSetting(DEFAULT_PORTS[name]).parse(env[`${name.toUpperCase()}_PORT`]),
  );
}

/** Ports the OS reports free right now; all listeners stay open until every port is picked, so they differ. */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, host, () => resolve(server));
        }),
    ),
  );
  const picked = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return picked;
}
