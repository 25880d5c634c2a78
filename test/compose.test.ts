import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  baseConfigSchema,
  DEFAULT_PORTS,
  jwksUrl,
  SUBGRAPH_NAMES,
  type ServiceName,
} from '@hiregraph/platform/config';
import {
  loadSubgraphConfig,
  subgraphConfigSchema,
  type SubgraphConfig,
} from '@hiregraph/platform/subgraph/service';
import { loadUsersSettings, usersSettingsSchema } from '../subgraphs/users/src/environment.js';
import {
  configuredSubgraphUrl,
  DEFAULT_SUPERGRAPH_PATH,
  gatewayConfigSchema,
  loadGatewayConfig,
} from '../gateway/src/config.js';

/**
 * No Docker engine runs where the tests run, so docker-compose.yml, the Dockerfile and .dockerignore
 * are checked statically: against each other, the repository, and the config schemas the services
 * parse their environment with. Each check collects every problem and reports them all at once.
 */

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const readRepoFile = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

type EnvValue = string | number | boolean | null;
interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, EnvValue> | string[] };
  environment?: Record<string, EnvValue> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number | { target: number; published?: string | number })[];
  healthcheck?: { test?: unknown; disable?: boolean };
  stop_grace_period?: string;
  command?: string | string[];
}

// `merge: true` resolves the `<<: *anchor` merge keys compose supports.
const compose = parse(readRepoFile('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const serviceNames = Object.keys(services);
const appServiceNames = serviceNames.filter((name) => services[name].build !== undefined);

/** What a required variable (`${VAR:?message}`) stands for here: a value the operator supplies. */
const operatorSupplied = (name: string) => `operator-supplied-${name.toLowerCase()}`;

/**
 * Compose's `${VAR:-default}` / `${VAR-default}` interpolation, resolved to the default;
 * `${VAR:?message}` (compose refuses to start without VAR) to a stand-in for the operator's value.
 */
function interpolate(value: string, where: string): string {
  const pattern = /\$\$|\$\{(\w+)(?:(:?\?)[^}]*|:?-([^}]*))?\}|\$(\w+)/g;
  return value.replace(pattern, (match, braced, required, fallback, bare) => {
    if (match === '$$') return '$';
    if (required) return operatorSupplied(braced);
    if (fallback === undefined) {
      throw new Error(`${where}: \${${braced ?? bare}} has no default, so the file does not run as is`);
    }
    return fallback;
  });
}

/** A list (`KEY=value`) or map environment/args section, interpolated, as the process sees it. */
function keyValues(section: Record<string, EnvValue> | string[] | undefined, where: string) {
  const entries = Array.isArray(section)
    ? section.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, null] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(section ?? {});
  const result: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (value !== null) result[key as string] = interpolate(String(value), `${where}.${key}`);
  }
  return result;
}

const environmentOf = (name: string) => keyValues(services[name].environment, `${name}.environment`);

function dependenciesOf(name: string): Record<string, string> {
  const dependsOn = services[name].depends_on ?? [];
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((dep) => [dep, 'service_started']));
  return Object.fromEntries(
    Object.entries(dependsOn).map(([dep, spec]) => [dep, spec?.condition ?? 'service_started']),
  );
}

/** Container port of a `ports:` entry (`[ip:]published:container[/proto]`, a bare port, or long form). */
function containerPort(entry: string | number | { target: number }): number {
  if (typeof entry === 'object') return Number(entry.target);
  const parts = String(entry).split('/')[0].split(':');
  return Number(parts[parts.length - 1]);
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

interface Instruction {
  keyword: string;
  args: string;
}

/** Logical instructions: continuation lines joined, comments and the syntax directive dropped. */
function dockerInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line.startsWith('#') || (pending === '' && line === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const logical = pending + line;
    pending = '';
    const [, keyword, args] = /^(\w+)\s+([\s\S]*)$/.exec(logical) ?? [];
    if (keyword) instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return instructions;
}

const dockerfile = dockerInstructions(readRepoFile('Dockerfile'));
const stageStarts = dockerfile.flatMap((instruction, index) =>
  instruction.keyword === 'FROM' ? [index] : [],
);
const runtimeStage = dockerfile.slice(stageStarts[stageStarts.length - 1] ?? 0);

/** SERVICE name → entry file and default port, from the `case "${SERVICE}"` in the runtime stage. */
const dockerServiceMap = new Map<string, { entry: string; port: number }>();
for (const instruction of runtimeStage.filter(
  (i) => i.keyword === 'RUN' && i.args.includes('"${SERVICE}"'),
)) {
  for (const [, name, entry, port] of instruction.args.matchAll(
    /(\w+)\)\s*entry=(\S+?);\s*port=(\d+)\s*;;/g,
  )) {
    dockerServiceMap.set(name, { entry, port: Number(port) });
  }
}

/** Package directory of an entry: `subgraphs/users/dist/main.js` → `subgraphs/users`. */
const packageOf = (entry: string) => dirname(dirname(entry));
/** TypeScript source an entry is compiled from: `<pkg>/dist/main.js` → `<pkg>/src/main.ts`. */
const sourceOf = (entry: string) => entry.replace('/dist/', '/src/').replace(/\.js$/, '.ts');

// ---------------------------------------------------------------------------------------------
// Config schemas: which keys each app service reads, and the port it listens on for an environment.

interface AppConfig {
  knownKeys: Set<string>;
  /** Parses the environment the way the service does; throws a readable error when it would not start. */
  listenPort(env: Record<string, string>): number;
}

/** Settings a subgraph reads besides subgraphConfigSchema (the users subgraph's identity settings). */
const ownSettings: Partial<
  Record<(typeof SUBGRAPH_NAMES)[number], { keys: string[]; load(config: SubgraphConfig): unknown }>
> = {
  users: { keys: Object.keys(usersSettingsSchema.shape), load: loadUsersSettings },
};

function subgraphConfig(name: (typeof SUBGRAPH_NAMES)[number]): AppConfig {
  return {
    knownKeys: new Set([
      ...Object.keys(subgraphConfigSchema.shape),
      ...(ownSettings[name]?.keys ?? []),
      `${name.toUpperCase()}_PORT`,
    ]),
    listenPort: (env) => {
      const config = loadSubgraphConfig(name, env);
      ownSettings[name]?.load(config);
      return config.PORT;
    },
  };
}

/** The gateway parses its environment with gatewayConfigSchema (gateway/src/config.ts). */
const gatewayConfig: AppConfig = {
  knownKeys: new Set(Object.keys(gatewayConfigSchema.shape)),
  listenPort: (env) => loadGatewayConfig(env).GATEWAY_PORT,
};

const appConfigs = new Map<string, AppConfig>([
  ...SUBGRAPH_NAMES.map((name) => [name, subgraphConfig(name)] as const),
  ['gateway', gatewayConfig],
]);

/** Ports the infrastructure images listen on (with the commands docker-compose.yml gives them). */
const INFRASTRUCTURE_PORTS: Record<string, number[]> = {
  'pgvector/pgvector': [5432],
  nats: [4222, 8222],
  'valkey/valkey': [6379],
  'minio/minio': [9000, 9001],
  'prom/prometheus': [9090],
  'grafana/grafana': [3000],
};

/**
 * Ports each service listens on inside the compose network. An app whose environment does not parse
 * is reported by its own test; here it counts as listening on its default port.
 */
function listeningPorts(name: string): number[] {
  const config = appConfigs.get(name);
  if (config) {
    try {
      return [config.listenPort(environmentOf(name))];
    } catch {
      return [DEFAULT_PORTS[name as ServiceName]];
    }
  }
  const repository = (services[name].image ?? '').split(':')[0];
  return INFRASTRUCTURE_PORTS[repository] ?? [];
}

const DEFAULT_URL_PORTS: Record<string, number> = {
  'postgres:': 5432,
  'postgresql:': 5432,
  'nats:': 4222,
  'redis:': 6379,
  'http:': 80,
  'https:': 443,
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The servers each app talks to, as its code finds them: the settings its config reads, parsed
 * with their defaults (so a missing setting shows up as the loopback default it falls back to).
 */
function dependencySettings(name: string, env: Record<string, string>): [string, string][] {
  if (name === 'gateway') {
    const config = loadGatewayConfig(env);
    const subgraphUrls = SUBGRAPH_NAMES.map(
      (subgraph) =>
        [`${subgraph.toUpperCase()}_URL`, configuredSubgraphUrl(config, subgraph) ?? ''] as [string, string],
    );
    const usersUrl = configuredSubgraphUrl(config, 'users');
    // gateway.ts: AUTH_JWKS_URL, else the JWKS beside the users subgraph it routes to.
    const jwks =
      config.AUTH_JWKS_URL ??
      (usersUrl ? new URL('/.well-known/jwks.json', usersUrl).href : jwksUrl(config, env));
    return [['REDIS_URL', config.REDIS_URL], ['AUTH_JWKS_URL (derived)', jwks], ...subgraphUrls];
  }
  const config = loadSubgraphConfig(name as (typeof SUBGRAPH_NAMES)[number], env);
  return [
    ['DATABASE_URL', config.DATABASE_URL],
    ['NATS_URL', config.NATS_URL.split(',')[0]],
    ['REDIS_URL', config.REDIS_URL],
    ['S3_ENDPOINT', config.S3_ENDPOINT],
    ['AUTH_JWKS_URL (derived)', jwksUrl(config, env)],
  ];
}

/** Services `name` waits for, directly or through the services it waits for. */
function waitsFor(name: string, seen = new Set<string>()): Set<string> {
  for (const dependency of Object.keys(dependenciesOf(name))) {
    if (!seen.has(dependency)) {
      seen.add(dependency);
      waitsFor(dependency, seen);
    }
  }
  return seen;
}

function urlIn(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol in DEFAULT_URL_PORTS && url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}

/** `15s`, `1m30s`, `500ms` → milliseconds. */
function durationMs(value: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001 };
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|us|h|m|s)/g))
    total += Number(amount) * units[unit];
  return total;
}

// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('runs every service the platform has, each from an image or a build', () => {
    const problems = serviceNames
      .filter((name) => !services[name].image && !services[name].build)
      .map((name) => `${name}: has neither image nor build`);
    for (const name of Object.keys(DEFAULT_PORTS)) {
      if (!appServiceNames.includes(name)) problems.push(`${name}: no compose service builds it`);
    }
    expect(problems).toEqual([]);
  });

  it('builds every app service from ./Dockerfile with a SERVICE the Dockerfile maps to an existing entry', () => {
    const problems: string[] = [];
    for (const name of appServiceNames) {
      const build = services[name].build!;
      const spec = typeof build === 'string' ? { context: build } : build;
      if ((spec.context ?? '.').replace(/\/$/, '') !== '.') problems.push(`${name}: build context is not .`);
      if (!['Dockerfile', './Dockerfile'].includes(spec.dockerfile ?? 'Dockerfile')) {
        problems.push(`${name}: builds from ${spec.dockerfile}, not ./Dockerfile`);
      }
      const service = keyValues(
        typeof build === 'string' ? undefined : build.args,
        `${name}.build.args`,
      ).SERVICE;
      if (service !== name) {
        problems.push(`${name}: build arg SERVICE is ${service ?? 'missing'}, expected ${name}`);
        continue;
      }
      const mapped = dockerServiceMap.get(service);
      if (!mapped) problems.push(`${name}: the Dockerfile's SERVICE case has no entry for ${service}`);
      else if (!existsSync(join(REPO_ROOT, sourceOf(mapped.entry)))) {
        problems.push(
          `${name}: entry ${mapped.entry} is built from ${sourceOf(mapped.entry)}, which does not exist`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(appServiceNames)('%s sets only keys its config schema reads, with values it accepts', (name) => {
    const config = appConfigs.get(name);
    if (!config) throw new Error(`${name}: app service without a known config schema`);
    const env = environmentOf(name);
    const problems = Object.keys(env)
      .filter((key) => !config.knownKeys.has(key))
      .map((key) => `${name}: ${key} is read by no config schema`);
    try {
      config.listenPort(env);
    } catch (error) {
      problems.push(`${name}: would not start: ${(error as Error).message}`);
    }
    expect(problems).toEqual([]);
  });

  it('depends only on defined services, with health checks where it waits for health', () => {
    const problems: string[] = [];
    for (const name of serviceNames) {
      for (const [target, condition] of Object.entries(dependenciesOf(name))) {
        if (!services[target]) {
          problems.push(`${name}: depends on ${target}, which is not defined`);
        } else if (condition === 'service_healthy') {
          // App images bring their HEALTHCHECK from the Dockerfile (checked below).
          const hasHealthcheck = services[target].build !== undefined || services[target].healthcheck?.test;
          if (!hasHealthcheck || services[target].healthcheck?.disable) {
            problems.push(`${name}: waits for ${target} to be healthy, but ${target} has no health check`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('points every URL at a port its target service listens on', () => {
    const problems: string[] = [];
    for (const name of serviceNames) {
      for (const [key, value] of Object.entries(environmentOf(name))) {
        const url = urlIn(value);
        if (!url || !services[url.hostname]) continue;
        const port = url.port ? Number(url.port) : DEFAULT_URL_PORTS[url.protocol];
        const listening = listeningPorts(url.hostname);
        if (!listening.includes(port)) {
          problems.push(
            `${name}: ${key} uses ${url.hostname}:${port}, but ${url.hostname} listens on ${listening}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('resolves no subgraph URL to loopback, which inside a container is the container itself', () => {
    const problems: string[] = [];
    for (const name of appServiceNames.filter((app) => (SUBGRAPH_NAMES as readonly string[]).includes(app))) {
      const env = environmentOf(name);
      const parsed = subgraphConfigSchema.safeParse(env);
      if (!parsed.success) continue; // reported by the schema test above
      const urls = Object.entries(parsed.data).filter(([, value]) => typeof value === 'string');
      urls.push(['AUTH_JWKS_URL (derived)', jwksUrl(parsed.data, env)]);
      const ownPort = listeningPorts(name)[0];
      for (const [key, value] of urls) {
        const url = urlIn(value as string);
        if (url && LOOPBACK_HOSTS.has(url.hostname) && Number(url.port) !== ownPort) {
          problems.push(`${name}: ${key} resolves to ${value}, which is loopback inside its container`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(appServiceNames)(
    '%s reaches every server it needs on the compose network, after it is up',
    (name) => {
      const env = environmentOf(name);
      let settings: [string, string][];
      try {
        settings = dependencySettings(name, env);
      } catch (error) {
        throw new Error(`${name}: would not start: ${(error as Error).message}`);
      }
      const problems: string[] = [];
      for (const [key, value] of settings) {
        const url = urlIn(value);
        if (!url) {
          problems.push(`${name}: ${key} is ${JSON.stringify(value)}, not a URL`);
        } else if (!services[url.hostname]) {
          problems.push(
            `${name}: ${key} is ${value}, and ${url.hostname} is no compose service (loopback is the container itself)`,
          );
        } else if (url.hostname !== name && !waitsFor(name).has(url.hostname)) {
          problems.push(`${name}: ${key} uses ${url.hostname}, which ${name} does not depend on`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('refuses to start without an AUTH_KEY_SECRET of the operator', () => {
    const raw = (services.users.environment as Record<string, EnvValue>).AUTH_KEY_SECRET;
    const problems: string[] = [];
    if (typeof raw !== 'string' || !/^\$\{AUTH_KEY_SECRET:\?[^}]*\}$/.test(raw)) {
      // A default is acceptable only if the production check refuses it.
      const env = { ...environmentOf('users'), NODE_ENV: 'production' };
      try {
        loadUsersSettings(loadSubgraphConfig('users', env));
        problems.push(
          `users: AUTH_KEY_SECRET ${String(raw)} starts in production with a default anyone can read`,
        );
      } catch {
        // refused: fine
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives the gateway every subgraph URL', () => {
    const env = environmentOf('gateway');
    const problems = SUBGRAPH_NAMES.filter((name) => {
      const url = urlIn(env[`${name.toUpperCase()}_URL`] ?? '');
      return url?.hostname !== name || url.pathname !== '/graphql';
    }).map((name) => `gateway: ${name.toUpperCase()}_URL is not http://${name}:<port>/graphql`);
    expect(problems).toEqual([]);
  });

  it('hands the apps the credentials the infrastructure is started with', () => {
    const postgres = environmentOf('postgres');
    const minio = environmentOf('minio');
    const problems: string[] = [];
    for (const name of appServiceNames) {
      const env = environmentOf(name);
      if (env.DATABASE_URL) {
        const url = new URL(env.DATABASE_URL);
        if (url.username !== (postgres.POSTGRES_USER ?? 'postgres'))
          problems.push(`${name}: DATABASE_URL user`);
        if (url.password !== (postgres.POSTGRES_PASSWORD ?? ''))
          problems.push(`${name}: DATABASE_URL password`);
      }
      if (env.S3_ACCESS_KEY !== undefined && env.S3_ACCESS_KEY !== minio.MINIO_ROOT_USER) {
        problems.push(`${name}: S3_ACCESS_KEY is not minio's MINIO_ROOT_USER`);
      }
      if (env.S3_SECRET_KEY !== undefined && env.S3_SECRET_KEY !== minio.MINIO_ROOT_PASSWORD) {
        problems.push(`${name}: S3_SECRET_KEY is not minio's MINIO_ROOT_PASSWORD`);
      }
      if (env.HOST !== '0.0.0.0')
        problems.push(`${name}: HOST must be 0.0.0.0 to be reachable from other containers`);
    }
    for (const name of serviceNames) {
      for (const [key, value] of Object.entries(environmentOf(name))) {
        const url = key.startsWith('MC_HOST_') ? urlIn(value) : undefined;
        if (url && (url.username !== minio.MINIO_ROOT_USER || url.password !== minio.MINIO_ROOT_PASSWORD)) {
          problems.push(`${name}: ${key} credentials are not minio's MINIO_ROOT_USER/MINIO_ROOT_PASSWORD`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('creates the bucket the apps store objects in', () => {
    // `mc mb [flags] <alias>/<bucket>` one-shots, as minio-setup runs.
    const created = serviceNames.flatMap((name) => {
      const command = services[name].command;
      const args = Array.isArray(command) ? command.map(String) : [];
      return args[0] === 'mb' ? [String(args.at(-1)).split('/')[1]] : [];
    });
    const problems = appServiceNames
      .map((name) => ({ name, env: environmentOf(name) }))
      .filter(({ env }) => env.S3_ENDPOINT !== undefined)
      .map(({ name, env }) => ({ name, bucket: baseConfigSchema.safeParse(env).data?.S3_BUCKET }))
      .filter(({ bucket }) => bucket !== undefined && !created.includes(bucket))
      .map(
        ({ name, bucket }) => `${name}: S3_BUCKET ${bucket} is created by no service (buckets: ${created})`,
      );
    expect(problems).toEqual([]);
  });

  it('publishes only the gateway (and the MinIO console, Prometheus and Grafana), on the ports they listen on', () => {
    const problems: string[] = [];
    for (const name of serviceNames) {
      for (const entry of services[name].ports ?? []) {
        const port = containerPort(entry);
        const allowed =
          name === 'gateway' ||
          (name === 'minio' && port === 9001) ||
          (name === 'prometheus' && port === 9090) ||
          (name === 'grafana' && port === 3000);
        if (!allowed) problems.push(`${name}: publishes ${port}; only the gateway is meant to be reachable`);
        else if (!listeningPorts(name).includes(port))
          problems.push(`${name}: publishes ${port}, not listened on`);
      }
    }
    if (!(services.gateway?.ports ?? []).length) problems.push('gateway: publishes no port');
    expect(problems).toEqual([]);
  });

  it('gives stopping apps longer than their shutdown deadline before SIGKILL', () => {
    const problems: string[] = [];
    for (const name of appServiceNames) {
      const graceMs = durationMs(services[name].stop_grace_period ?? '10s');
      const shutdownMs = baseConfigSchema.safeParse(environmentOf(name)).data?.SHUTDOWN_TIMEOUT_MS;
      if (shutdownMs !== undefined && graceMs <= shutdownMs) {
        problems.push(`${name}: stop_grace_period ${graceMs} ms <= SHUTDOWN_TIMEOUT_MS ${shutdownMs} ms`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('Dockerfile', () => {
  it('builds in stages and runs as a non-root user in production mode, with a /healthz health check', () => {
    const problems: string[] = [];
    if (stageStarts.length < 2) problems.push('is not multi-stage (fewer than two FROM instructions)');
    const runtime = (keyword: string) => runtimeStage.filter((i) => i.keyword === keyword).map((i) => i.args);
    const user = runtime('USER').at(-1);
    if (!user || /^(root|0)(:|$)/.test(user))
      problems.push(`runtime stage runs as ${user ?? 'root (no USER)'}`);
    if (!runtime('ENV').some((args) => /\bNODE_ENV=production\b/.test(args))) {
      problems.push('runtime stage does not set NODE_ENV=production');
    }
    if (!runtime('ARG').some((args) => /^SERVICE\b/.test(args)))
      problems.push('runtime stage has no ARG SERVICE');
    if (!runtime('HEALTHCHECK').some((args) => args.includes('/healthz'))) {
      problems.push('runtime stage has no HEALTHCHECK on /healthz');
    }
    if (!runtime('CMD').length && !runtime('ENTRYPOINT').length) problems.push('runtime stage has no CMD');
    expect(problems).toEqual([]);
  });

  it('maps every service to its compiled entry and default port', () => {
    const problems: string[] = [];
    for (const [name, port] of Object.entries(DEFAULT_PORTS) as [ServiceName, number][]) {
      const mapped = dockerServiceMap.get(name);
      if (!mapped) {
        problems.push(`${name}: missing from the SERVICE case`);
        continue;
      }
      if (mapped.port !== port)
        problems.push(`${name}: mapped to port ${mapped.port}, its default is ${port}`);
      if (!existsSync(join(REPO_ROOT, sourceOf(mapped.entry)))) {
        problems.push(`${name}: ${sourceOf(mapped.entry)} (source of ${mapped.entry}) does not exist`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('ships the committed supergraph where the gateway reads it', () => {
    // gateway/dist/config.js resolves ../../schema/supergraph.graphql; the image keeps that layout.
    const supergraph = relative(REPO_ROOT, DEFAULT_SUPERGRAPH_PATH);
    const problems: string[] = [];
    if (!existsSync(DEFAULT_SUPERGRAPH_PATH)) problems.push(`${supergraph} does not exist`);
    const collectsSchema = dockerfile.some(
      (i) => i.keyword === 'RUN' && /\bcp -a schema \/out\//.test(i.args),
    );
    if (!supergraph.startsWith('schema/') || !collectsSchema) {
      problems.push(`the build stage does not copy ${dirname(supergraph)}/ into the image`);
    }
    expect(problems).toEqual([]);
  });

  it('copies every workspace manifest for npm ci and installs production deps of every runtime package', () => {
    const workspaces = (JSON.parse(readRepoFile('package.json')).workspaces as string[]).flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(join(REPO_ROOT, pattern.slice(0, -2)))
            .map((dir) => `${pattern.slice(0, -2)}/${dir}`)
            .filter((dir) => existsSync(join(REPO_ROOT, dir, 'package.json')))
        : [pattern],
    );
    const copies = dockerfile.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    const problems = workspaces
      .filter((dir) => !copies.some((args) => args.split(/\s+/).includes(`${dir}/package.json`)))
      .map((dir) => `${dir}/package.json is not copied before npm ci`);

    const productionInstall = dockerfile.find(
      (i) => i.keyword === 'RUN' && /npm ci .*--omit=dev/.test(i.args),
    );
    const installed = [...(productionInstall?.args ?? '').matchAll(/--workspace[= ](\S+)/g)].map(
      ([, dir]) => dir,
    );
    const runtimePackages = [
      ...workspaces.filter((dir) => dir.startsWith('libs/')),
      ...[...dockerServiceMap.values()].map(({ entry }) => packageOf(entry)),
    ];
    for (const dir of runtimePackages) {
      if (!installed.includes(dir))
        problems.push(`production install (npm ci --omit=dev) misses --workspace=${dir}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('.dockerignore', () => {
  it('keeps host dependencies and build output out of the build context', () => {
    const patterns = readRepoFile('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    const problems = ['node_modules', 'dist']
      .filter((dir) => !patterns.includes(`**/${dir}`))
      .map((dir) => `.dockerignore does not exclude **/${dir}`);
    expect(problems).toEqual([]);
  });
});

describe('docs/operations.md', () => {
  // A service's own variables are tabled in its README (each environment.test.ts holds the table
  // to its schema); operations.md documents the platform's, which every service reads.
  it('documents every variable the platform config schema reads', () => {
    const docs = readRepoFile('docs/operations.md');
    const keys = new Set([
      ...Object.keys(subgraphConfigSchema.shape),
      ...SUBGRAPH_NAMES.map((name) => `${name.toUpperCase()}_PORT`),
    ]);
    const undocumented = [...keys].filter((key) => !docs.includes(`\`${key}\``));
    expect(undocumented.map((key) => `${key} is not in docs/operations.md`)).toEqual([]);
  });
});
