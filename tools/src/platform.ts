import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_PORTS,
  portSetting,
  SUBGRAPH_NAMES,
  type ServiceName,
  type SubgraphName,
} from '@hiregraph/platform/config';
import { REPO_ROOT } from './paths.js';
import {
  describeExit,
  lastOutput,
  ServiceGroup,
  type OutputSink,
  type ServiceExit,
  type ServiceSpec,
} from './service-group.js';

export type { OutputSink, ServiceExit } from './service-group.js';
export { prefixedOutput } from './service-group.js';

export interface PlatformOptions {
  /** Repository root holding the built services (default: this checkout). */
  root?: string;
  /** Merged over process.env for every service, e.g. a test's own DATABASE_PREFIX and EVENT_NAMESPACE. */
  env?: NodeJS.ProcessEnv;
  /**
   * Per-service ports, or 'auto': each service binds a free port itself and reports it (so parallel
   * platforms never race for one), and a service that was not started keeps port 0. Otherwise
   * `<NAME>_PORT` from env, then the defaults.
   */
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
  /** (Re)starts one service on the port it had, with the same env; resolves once it is healthy. */
  start(name: ServiceName): Promise<void>;
  /** Stops one service: SIGTERM (or `signal`, e.g. SIGKILL to simulate a crash), SIGKILL after the timeout. */
  stop(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Stops the gateway first (so it stops routing), then every subgraph. */
  stopAll(): Promise<void>;
}

const SERVICE_NAMES = Object.keys(DEFAULT_PORTS) as ServiceName[];

/**
 * Boots the subgraphs (in parallel; users first when its port is not known yet) and then the gateway as child processes, each from its built
 * dist/main.js, and waits until every one answers /healthz. On any startup failure everything
 * started so far is stopped again and the error (with the failing service's last output) is thrown.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const root = options.root ?? REPO_ROOT;
  const baseEnv = { ...process.env, ...options.env };
  const host = connectHost(baseEnv.HOST);
  // 0 = not known yet: the service binds a free port itself and reports it once it listens.
  const ports = resolvePorts(options.ports, baseEnv);
  const url = (port: number) => `http://${host}:${port}/graphql`;
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  const publish = (name: ServiceName) => {
    const upper = name.toUpperCase();
    if (ports[name] === 0) {
      delete env[`${upper}_PORT`];
      delete env[`${upper}_URL`];
    } else {
      env[`${upper}_PORT`] = String(ports[name]);
      env[`${upper}_URL`] = url(ports[name]);
    }
  };
  SERVICE_NAMES.forEach(publish);
  // OpenTelemetry, started before each service when OTEL_* ask for traces (a no-op otherwise);
  // absent from a root without libs (tests of the runner itself).
  const tracing = path.join(root, 'libs', 'platform', 'dist', 'observability', 'tracing.js');
  const tracingArgs = existsSync(tracing) ? ['--import', tracing] : [];
  const entry = (name: ServiceName) =>
    path.join(root, name === 'gateway' ? 'gateway' : path.join('subgraphs', name), 'dist', 'main.js');
  // Each spawn sees the ports known at that moment; a restart gets back the port it had.
  const spec = (name: ServiceName): ServiceSpec => ({
    name,
    entry: entry(name),
    nodeArgs: tracingArgs,
    host,
    port: ports[name],
    healthPath: '/healthz',
    env: { ...env, [`${name.toUpperCase()}_PORT`]: String(ports[name]) },
  });

  const subgraphs = options.subgraphs ?? SUBGRAPH_NAMES;
  const names: ServiceName[] = [...subgraphs, ...(options.gateway === false ? [] : ['gateway' as const])];
  const unbuilt = names
    .map((name) => path.relative(root, entry(name)))
    .filter((file) => !existsSync(path.join(root, file)));
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
      else
        startupFailure.abort(
          new Error(
            `${exit.name} exited (${describeExit(exit)}) while the platform was starting${lastOutput(exit.lastOutput)}`,
          ),
        );
    },
  });
  const startupSignal = options.signal
    ? AbortSignal.any([options.signal, startupFailure.signal])
    : startupFailure.signal;
  // The first failure aborts the others' health waits, so startup fails fast and leaves nothing behind.
  const startAll = async (batch: readonly ServiceName[]) => {
    await Promise.allSettled(
      batch.map(async (name) => {
        try {
          ports[name] = await group.start(spec(name), startupSignal);
          publish(name);
        } catch (error) {
          startupFailure.abort(error);
        }
      }),
    );
    startupSignal.throwIfAborted();
  };
  // The other subgraphs verify tokens against the users subgraph's JWKS, so they need its port.
  const usersFirst = subgraphs.includes('users') && ports.users === 0;
  const batches: ServiceName[][] = usersFirst
    ? [['users'], subgraphs.filter((name) => name !== 'users')]
    : [[...subgraphs]];
  if (names.includes('gateway')) batches.push(['gateway']);
  try {
    for (const batch of batches) if (batch.length > 0) await startAll(batch);
  } catch (error) {
    await group.stopAll();
    throw error;
  }
  started = true;

  return {
    host,
    ports,
    urls: mapServices((name) => url(ports[name])),
    env,
    isRunning: (name) => group.isRunning(name),
    start: async (name) => {
      await group.start(spec(name));
    },
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

function resolvePorts(ports: PlatformOptions['ports'], env: NodeJS.ProcessEnv): Record<ServiceName, number> {
  if (ports === 'auto') return mapServices(() => 0);
  return mapServices(
    (name) => ports?.[name] ?? portSetting(DEFAULT_PORTS[name]).parse(env[`${name.toUpperCase()}_PORT`]),
  );
}
