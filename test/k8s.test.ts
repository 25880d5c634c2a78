import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parseAllDocuments, parse } from 'yaml';
import type { z } from 'zod';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { gatewayEnvironmentSchema } from '../gateway/src/environment.js';
import {
  loadUsersConfig,
  loadUsersSettings,
  usersEnvironmentSchema,
} from '../subgraphs/users/src/environment.js';
import {
  loadExportSettings,
  loadResumesConfig,
  resumesEnvironmentSchema,
} from '../subgraphs/resumes/src/environment.js';
import {
  jobsEnvironmentSchema,
  loadJobsConfig,
  loadJobsSettings,
} from '../subgraphs/jobs/src/environment.js';
import {
  loadMatchingConfig,
  loadMatchingSettings,
  matchingEnvironmentSchema,
} from '../subgraphs/matching/src/environment.js';

/**
 * deploy/k8s: each overlay is rendered with `kubectl kustomize` (no cluster needed), every object is
 * validated against the Kubernetes OpenAPI schemas (kubernetes-models), and the manifests are checked
 * against the services they run: the environment each container gets parses with the service's own
 * schema, probes ask paths the code serves on the port it listens on, URLs reach a Service, secrets
 * come only from Secrets that deploy/k8s/secrets/create-secrets.sh creates. Each check collects every
 * problem and reports them all at once.
 */

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const K8S = join(REPO_ROOT, 'deploy/k8s');
const OVERLAYS = ['dev', 'prod'] as const;
type Overlay = (typeof OVERLAYS)[number];

// ---------------------------------------------------------------------------------------------
// Rendering

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: any;
}

function kubectl(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync('kubectl', args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') {
      // Debian's own kubernetes-client (1.20) embeds a kustomize too old for these manifests.
      throw new Error('kubectl 1.27+ (kustomize v5) is needed: see docs/operations.md, "Kubernetes"');
    }
    throw new Error(`kubectl ${args.join(' ')} failed: ${stderr ?? (error as Error).message}`);
  }
}

function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

const rendered = new Map<Overlay, { text: string; objects: K8sObject[] }>();
function render(overlay: Overlay) {
  if (!rendered.has(overlay)) {
    const text = kubectl(['kustomize', join(K8S, 'overlays', overlay)]);
    rendered.set(overlay, { text, objects: parseObjects(text) });
  }
  return rendered.get(overlay)!;
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((object) => object.kind === kind);

/** The Secrets the generator script makes, printed (it builds them client-side; no cluster). */
const SMTP_STAND_IN = 'smtps://mailer:smtp-stand-in-password@smtp.example.com:465';
let generatedSecrets: K8sObject[] | undefined;
function secrets(): K8sObject[] {
  generatedSecrets ??= parseObjects(
    execFileSync('bash', [join(K8S, 'secrets/create-secrets.sh'), '--namespace', 'hiregraph', '--print'], {
      encoding: 'utf8',
      // The prod overlay sends email over SMTP, so its operator passes SMTP_URL.
      env: { PATH: process.env.PATH, SMTP_URL: SMTP_STAND_IN },
    }),
  );
  return generatedSecrets;
}
function secretData(name: string): Record<string, string> | undefined {
  const secret = secrets().find((object) => object.metadata.name === name);
  if (!secret) return undefined;
  return Object.fromEntries(
    Object.entries((secret.data ?? {}) as Record<string, string>).map(([key, value]) => [
      key,
      Buffer.from(value, 'base64').toString('utf8'),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Schemas

/** The built-in kinds these manifests use, validated with kubernetes-models (Kubernetes' OpenAPI). */
const MODELS: Record<string, { new (data: any): { validate(): void } }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

/**
 * CloudNativePG's custom resources. kubernetes-models has no CloudNativePG models and no npm package
 * ships its CRD schemas, so these hold the fields the manifests use, strictly: a misspelt or
 * misplaced field, or a missing required one, fails (the operator would reject or ignore it).
 */
const quantity = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$' };
const resourceList = {
  type: 'object',
  additionalProperties: false,
  properties: { cpu: quantity, memory: quantity },
};
const CNPG_SCHEMAS: Record<string, object> = {
  'postgresql.cnpg.io/v1/Cluster': {
    type: 'object',
    required: ['spec'],
    properties: {
      spec: {
        type: 'object',
        additionalProperties: false,
        required: ['instances', 'imageName', 'storage'],
        properties: {
          instances: { type: 'integer', minimum: 1 },
          // The operator reads the major version from the tag; `latest` is refused.
          imageName: { type: 'string', pattern: ':[0-9]+[^:]*$' },
          primaryUpdateStrategy: { enum: ['unsupervised', 'supervised'] },
          postgresql: {
            type: 'object',
            additionalProperties: false,
            properties: {
              parameters: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
          bootstrap: {
            type: 'object',
            additionalProperties: false,
            properties: {
              initdb: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  postInitSQL: { type: 'array', items: { type: 'string' } },
                  postInitTemplateSQL: { type: 'array', items: { type: 'string' } },
                  postInitApplicationSQL: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
          managed: {
            type: 'object',
            additionalProperties: false,
            properties: {
              roles: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['name'],
                  properties: {
                    name: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' },
                    ensure: { enum: ['present', 'absent'] },
                    login: { type: 'boolean' },
                    passwordSecret: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['name'],
                      properties: { name: { type: 'string' } },
                    },
                  },
                },
              },
            },
          },
          affinity: {
            type: 'object',
            additionalProperties: false,
            properties: { enablePodAntiAffinity: { type: 'boolean' }, topologyKey: { type: 'string' } },
          },
          resources: {
            type: 'object',
            additionalProperties: false,
            properties: { requests: resourceList, limits: resourceList },
          },
          storage: {
            type: 'object',
            additionalProperties: false,
            required: ['size'],
            properties: { size: quantity, storageClass: { type: 'string' } },
          },
        },
      },
    },
  },
  'postgresql.cnpg.io/v1/Database': {
    type: 'object',
    required: ['spec'],
    properties: {
      spec: {
        type: 'object',
        additionalProperties: false,
        required: ['cluster', 'name', 'owner'],
        properties: {
          cluster: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: { name: { type: 'string' } },
          },
          name: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' },
          owner: { type: 'string' },
          ensure: { enum: ['present', 'absent'] },
          databaseReclaimPolicy: { enum: ['retain', 'delete'] },
        },
      },
    },
  },
};
const ajv = new Ajv({ allErrors: true });
const crdValidators = Object.fromEntries(
  Object.entries(CNPG_SCHEMAS).map(([type, schema]) => [type, ajv.compile(schema)]),
);

function schemaProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const type = `${object.apiVersion}/${object.kind}`;
    const where = `${object.kind}/${object.metadata?.name}`;
    if (!object.metadata?.name) problems.push(`${type}: no metadata.name`);
    const Model = MODELS[type];
    const crd = crdValidators[type];
    if (Model) {
      try {
        new Model(object).validate();
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    } else if (crd) {
      if (!crd(object)) {
        problems.push(
          `${where}: ${(crd.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('; ')}`,
        );
      }
    } else {
      problems.push(`${where}: ${type} has no schema here (add its model to MODELS)`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The services: what each container runs, the settings it reads, the port it listens on.

type SubgraphName = 'users' | 'resumes' | 'jobs' | 'matching';
const SUBGRAPHS: SubgraphName[] = ['users', 'resumes', 'jobs', 'matching'];
const APPS = ['gateway', ...SUBGRAPHS] as const;

interface AppSchema {
  schema: z.ZodObject;
  /** Parses `env` as the service does at start (its own loaders too) and returns its port. */
  start(env: Record<string, string>): number;
}
const APP_SCHEMAS: Record<(typeof APPS)[number], AppSchema> = {
  gateway: {
    schema: gatewayEnvironmentSchema,
    start: (env) => gatewayEnvironmentSchema.parse(env).GATEWAY_PORT,
  },
  users: {
    schema: usersEnvironmentSchema,
    start: (env) => {
      const config = loadUsersConfig(env);
      loadUsersSettings(config);
      // libs' email provider refuses to start with smtp and no server.
      if (env.EMAIL_PROVIDER === 'smtp' && !env.SMTP_URL)
        throw new Error('EMAIL_PROVIDER=smtp needs SMTP_URL');
      return config.PORT;
    },
  },
  resumes: {
    schema: resumesEnvironmentSchema,
    start: (env) => {
      const config = loadResumesConfig(env);
      loadExportSettings(config);
      return config.PORT;
    },
  },
  jobs: {
    schema: jobsEnvironmentSchema,
    start: (env) => {
      const config = loadJobsConfig(env);
      loadJobsSettings(config);
      return config.PORT;
    },
  },
  matching: {
    schema: matchingEnvironmentSchema,
    start: (env) => {
      const config = loadMatchingConfig(env);
      loadMatchingSettings(config);
      return config.PORT;
    },
  },
};

/** Each subgraph process pools at most this many connections (libs/platform/src/db/database.ts, ormConfig). */
const POOL_MAX = 10;
/** Besides its pool, a starting subgraph opens one to `postgres` to look for its database. */
const START_CONNECTIONS = 1;
/** Kept from the apps: superuser_reserved_connections (3) and CloudNativePG's own (replication, monitoring). */
const RESERVED_CONNECTIONS = 3 + 10;

/** Top-level folders whose non-test TypeScript makes up the services (libs may be several packages). */
function sourceFiles(dir = REPO_ROOT, depth = 0): string[] {
  const skip = new Set([
    'node_modules',
    'dist',
    '.git',
    '.turbo',
    'corpus',
    'test',
    'bench',
    'tools',
    'deploy',
    'testing',
  ]);
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path, depth + 1));
    else if (depth > 0 && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
  }
  return files;
}
/** GET paths the services' HTTP code registers (`app.get('/healthz', …)`). */
const servedPaths = new Set(
  sourceFiles().flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bapp\.get\(\s*['"](\/[\w./-]*)['"]/g)].map(([, path]) => path),
  ),
);

// ---------------------------------------------------------------------------------------------
// Containers' environments, as the kubelet builds them.

interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }[];
  envFrom?: {
    configMapRef?: { name: string; optional?: boolean };
    secretRef?: { name: string; optional?: boolean };
  }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: { httpGet?: { path: string; port: string | number } };
}
const containersOf = (workload: K8sObject): Container[] => workload.spec.template.spec.containers;

/**
 * The environment a container starts with: envFrom first (ConfigMaps from the render, Secrets as
 * the generator makes them), then env, whose values expand `$(NAME)` from what is set before.
 * `helpers` are env entries only other entries refer to (the DATABASE_URL parts).
 */
function environmentOf(objects: K8sObject[], container: Container, problems: string[]) {
  const env: Record<string, string> = {};
  const configMaps = new Map(ofKind(objects, 'ConfigMap').map((c) => [c.metadata.name, c.data ?? {}]));
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const data = configMaps.get(source.configMapRef.name);
      if (data) Object.assign(env, data);
      else if (!source.configMapRef.optional)
        problems.push(
          `${container.name}: envFrom ConfigMap ${source.configMapRef.name} is not in the render`,
        );
    }
    if (source.secretRef) {
      const data = secretData(source.secretRef.name);
      if (data) Object.assign(env, data);
      else if (!source.secretRef.optional)
        problems.push(
          `${container.name}: envFrom Secret ${source.secretRef.name} is not made by create-secrets.sh`,
        );
    }
  }
  const referenced = new Set<string>();
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    if (ref) {
      const value = secretData(ref.name)?.[ref.key];
      if (value === undefined && !ref.optional)
        problems.push(
          `${container.name}: ${entry.name} refers to ${ref.name}.${ref.key}, which create-secrets.sh does not make`,
        );
      if (value !== undefined) env[entry.name] = value;
    } else if (entry.value !== undefined) {
      env[entry.name] = entry.value.replace(/\$\((\w+)\)/g, (match, name: string) => {
        referenced.add(name);
        return env[name] ?? match;
      });
    }
  }
  return { env, helpers: referenced };
}

/** The environment of an overlay's Deployment `name`, as its container starts with it. */
function deploymentEnvironment(overlay: Overlay, name: string): Record<string, string> {
  const { objects } = render(overlay);
  const deployment = ofKind(objects, 'Deployment').find((d) => d.metadata.name === name)!;
  const problems: string[] = [];
  const { env } = environmentOf(objects, containersOf(deployment)[0], problems);
  expect(problems).toEqual([]);
  return env;
}

const SECRET_NAME = /SECRET|PASSWORD|TOKEN|API_KEY|ACCESS_KEY|SMTP_URL|CREDENTIAL/;
/** `scheme://user:password@` with a literal password (a `$(…)` reference is fine). */
const URL_WITH_PASSWORD = /:\/\/[^/\s:@]+:(?!\$\()[^@\s/]+@/;

// ---------------------------------------------------------------------------------------------

describe.each(OVERLAYS)('deploy/k8s/overlays/%s', (overlay) => {
  const objects = () => render(overlay).objects;
  const deployments = () => ofKind(objects(), 'Deployment');
  const workloads = () => [...deployments(), ...ofKind(objects(), 'StatefulSet')];

  it('renders every object valid against the Kubernetes schemas (CloudNativePG: its own fields)', () => {
    expect(objects().length).toBeGreaterThan(0);
    expect(schemaProblems(objects())).toEqual([]);
    const names = objects().map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('runs the gateway and every subgraph, each container named after its Deployment', () => {
    expect(
      deployments()
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual([...APPS].sort());
    const problems = deployments().flatMap((d) =>
      containersOf(d)
        .filter((c) => c.name !== d.metadata.name)
        .map((c) => `${d.metadata.name}: container ${c.name}`),
    );
    expect(problems).toEqual([]);
  });

  it('runs each service from its own image, all from one registry at one tag', () => {
    const problems: string[] = [];
    const prefixes = new Set<string>();
    const tags = new Set<string>();
    for (const deployment of deployments()) {
      const image = containersOf(deployment)[0].image;
      const match = /^(.*?)hiregraph-([a-z]+):([\w.-]+)$/.exec(image);
      if (!match) {
        problems.push(
          `${deployment.metadata.name}: image ${image} is not <registry/>hiregraph-<service>:<tag>`,
        );
        continue;
      }
      const [, prefix, service, tag] = match;
      if (service !== deployment.metadata.name)
        problems.push(`${deployment.metadata.name} runs the ${service} image`);
      prefixes.add(prefix);
      tags.add(tag);
    }
    if (prefixes.size !== 1) problems.push(`images from several registries: ${[...prefixes].join(', ')}`);
    if (tags.size !== 1) problems.push(`images at several tags: ${[...tags].join(', ')}`);
    if (overlay === 'prod') {
      if ([...tags].some((tag) => tag === 'latest' || tag === 'dev'))
        problems.push(`prod runs tag ${[...tags]}`);
      if ([...prefixes].some((prefix) => !prefix.includes('/')))
        problems.push('prod images name no registry');
    }
    expect(problems).toEqual([]);
  });

  it('probes readiness at /readyz and liveness at /healthz, served on the port the service listens on', () => {
    expect(servedPaths).toContain('/healthz');
    const problems: string[] = [];
    for (const deployment of deployments()) {
      const name = deployment.metadata.name as (typeof APPS)[number];
      const [container] = containersOf(deployment);
      const { env } = environmentOf(objects(), container, problems);
      let listening: number | undefined;
      try {
        listening = APP_SCHEMAS[name].start(env);
      } catch (error) {
        problems.push(`${name}: would not start: ${(error as Error).message}`);
      }
      const probes = {
        readinessProbe: '/readyz',
        livenessProbe: '/healthz',
        startupProbe: undefined,
      } as const;
      for (const [probe, expected] of Object.entries(probes) as [keyof typeof probes, string | undefined][]) {
        const httpGet = container[probe]?.httpGet;
        if (!httpGet) {
          if (expected) problems.push(`${name}: no ${probe} (HTTP)`);
          continue;
        }
        if (expected && httpGet.path !== expected)
          problems.push(`${name}: ${probe} asks ${httpGet.path}, not ${expected}`);
        if (!servedPaths.has(httpGet.path))
          problems.push(`${name}: ${probe} asks ${httpGet.path}, which no service serves`);
        const port =
          typeof httpGet.port === 'number'
            ? httpGet.port
            : container.ports?.find((p) => p.name === httpGet.port)?.containerPort;
        if (port === undefined)
          problems.push(`${name}: ${probe} port ${httpGet.port} is not a container port`);
        else if (listening !== undefined && port !== listening)
          problems.push(`${name}: ${probe} asks port ${port}, the service listens on ${listening}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every container resource requests and a memory limit', () => {
    const problems: string[] = [];
    for (const workload of workloads()) {
      for (const container of containersOf(workload)) {
        const { requests = {}, limits = {} } = container.resources ?? {};
        for (const missing of [
          ...['cpu', 'memory'].filter((r) => !requests[r]).map((r) => `requests.${r}`),
          ...['memory'].filter((r) => !limits[r]).map((r) => `limits.${r}`),
        ]) {
          problems.push(`${workload.metadata.name}/${container.name}: no ${missing}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('sets only settings each service reads, and each service starts with them', () => {
    const problems: string[] = [];
    for (const deployment of deployments()) {
      const name = deployment.metadata.name as (typeof APPS)[number];
      const { env, helpers } = environmentOf(objects(), containersOf(deployment)[0], problems);
      const known = new Set(Object.keys(APP_SCHEMAS[name].schema.shape));
      for (const key of Object.keys(env)) {
        if (!known.has(key) && !helpers.has(key)) problems.push(`${name}: ${key} is read by no setting`);
      }
      for (const key of Object.keys(env)) {
        if (/\$\(\w+\)/.test(env[key]))
          problems.push(`${name}: ${key} refers to an unset variable: ${env[key]}`);
      }
      try {
        APP_SCHEMAS[name].start(env);
      } catch (error) {
        problems.push(`${name}: would not start: ${(error as Error).message}`);
      }
      // The services' defaults are loopback addresses: in a pod each must be set.
      const required =
        name === 'gateway'
          ? [
              'HOST',
              'REDIS_URL',
              'NATS_URL',
              'AUTH_JWKS_URL',
              'USERS_URL',
              'RESUMES_URL',
              'JOBS_URL',
              'MATCHING_URL',
            ]
          : ['HOST', 'DATABASE_URL', 'NATS_URL', 'REDIS_URL', 'S3_ENDPOINT', 'AUTH_JWKS_URL'];
      for (const key of required) if (!env[key]) problems.push(`${name}: ${key} is not set`);
      if (env.NODE_ENV !== 'production') problems.push(`${name}: NODE_ENV is ${env.NODE_ENV}`);
    }
    expect(problems).toEqual([]);
  });

  it('points every URL at a Service and port of the render, the database cluster or NATS', () => {
    const objs = objects();
    const servicePorts = new Map(
      ofKind(objs, 'Service').map((s) => [
        s.metadata.name,
        (s.spec.ports as { port: number }[]).map((p) => p.port),
      ]),
    );
    for (const cluster of ofKind(objs, 'Cluster')) {
      for (const suffix of ['rw', 'ro', 'r']) servicePorts.set(`${cluster.metadata.name}-${suffix}`, [5432]);
    }
    // The NATS Helm release (deploy/k8s/nats/values.yaml) is installed as `nats`.
    servicePorts.set('nats', [4222]);
    const defaultPorts: Record<string, number> = {
      'http:': 80,
      'https:': 443,
      'postgres:': 5432,
      'nats:': 4222,
      'redis:': 6379,
    };
    const problems: string[] = [];
    let checked = 0;
    for (const workload of workloads()) {
      for (const container of containersOf(workload)) {
        const { env } = environmentOf(objs, container, problems);
        for (const [key, value] of Object.entries(env)) {
          for (const candidate of value.split(',')) {
            let url: URL;
            try {
              url = new URL(candidate.trim());
            } catch {
              continue;
            }
            if (!(url.protocol in defaultPorts) || url.hostname.includes('.')) continue;
            checked += 1;
            const port = url.port ? Number(url.port) : defaultPorts[url.protocol];
            const ports = servicePorts.get(url.hostname);
            if (!ports)
              problems.push(`${workload.metadata.name}: ${key} names ${url.hostname}, which is no Service`);
            else if (!ports.includes(port))
              problems.push(
                `${workload.metadata.name}: ${key} uses port ${port}; ${url.hostname} serves ${ports.join(', ')}`,
              );
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('gives each subgraph its own database and role in the CloudNativePG cluster', () => {
    const objs = objects();
    const [cluster] = ofKind(objs, 'Cluster');
    const roles = new Map<string, string>(
      (cluster.spec.managed?.roles ?? []).map((r: { name: string; passwordSecret?: { name: string } }) => [
        r.name,
        r.passwordSecret?.name ?? '',
      ]),
    );
    const databases = ofKind(objs, 'Database');
    const problems: string[] = [];
    for (const subgraph of SUBGRAPHS) {
      const deployment = deployments().find((d) => d.metadata.name === subgraph)!;
      const container = containersOf(deployment)[0];
      const { env } = environmentOf(objs, container, problems);
      const dbName = `${env.DATABASE_PREFIX ?? 'hiregraph'}_${subgraph}`;
      const database = databases.find((d) => d.spec.name === dbName);
      if (!database) {
        problems.push(`${subgraph}: no Database resource creates ${dbName}`);
        continue;
      }
      if (database.spec.cluster.name !== cluster.metadata.name)
        problems.push(`${dbName}: in cluster ${database.spec.cluster.name}`);
      const url = new URL(env.DATABASE_URL);
      if (url.hostname !== `${cluster.metadata.name}-rw`)
        problems.push(`${subgraph}: DATABASE_URL host ${url.hostname} is not the primary`);
      if (url.pathname !== '' && url.pathname !== '/')
        problems.push(`${subgraph}: DATABASE_URL names a database`);
      const user = decodeURIComponent(url.username);
      if (database.spec.owner !== user)
        problems.push(`${dbName}: owned by ${database.spec.owner}, ${subgraph} signs in as ${user}`);
      if (!roles.has(user)) problems.push(`${subgraph}: role ${user} is not a managed role of the cluster`);
      const userSecret = container.env?.find((e) => e.name === 'DATABASE_PASSWORD')?.valueFrom?.secretKeyRef
        ?.name;
      if (roles.has(user) && roles.get(user) !== userSecret)
        problems.push(
          `${subgraph}: its password comes from ${userSecret}, the role's from ${roles.get(user)}`,
        );
    }
    if (
      !(cluster.spec.bootstrap?.initdb?.postInitTemplateSQL ?? []).some((sql: string) =>
        /create extension if not exists vector/i.test(sql),
      )
    ) {
      problems.push(
        'pgvector is not created in template1 (matching migrates `create extension if not exists vector` as a non-superuser)',
      );
    }
    expect(problems).toEqual([]);
    expect(cluster.spec.instances).toBe(overlay === 'prod' ? 3 : 1);
  });

  it('commits no secret: no Secret objects, no literal passwords or keys, nothing the generator makes', () => {
    const { text, objects: objs } = render(overlay);
    const problems: string[] = ofKind(objs, 'Secret').map(
      (s) => `Secret/${s.metadata.name} is in the render`,
    );
    for (const configMap of ofKind(objs, 'ConfigMap')) {
      for (const [key, value] of Object.entries((configMap.data ?? {}) as Record<string, string>)) {
        if (SECRET_NAME.test(key))
          problems.push(`ConfigMap/${configMap.metadata.name}: ${key} belongs in a Secret`);
        if (URL_WITH_PASSWORD.test(value))
          problems.push(`ConfigMap/${configMap.metadata.name}: ${key} holds a password`);
      }
    }
    for (const workload of workloads()) {
      for (const container of containersOf(workload)) {
        for (const entry of container.env ?? []) {
          if (entry.value === undefined) continue;
          if (SECRET_NAME.test(entry.name) && entry.value.replace(/\$\(\w+\)/g, '').trim())
            problems.push(`${workload.metadata.name}: ${entry.name} has a literal value`);
          if (URL_WITH_PASSWORD.test(entry.value))
            problems.push(`${workload.metadata.name}: ${entry.name} holds a password`);
        }
      }
    }
    // A role's username is its public name (the cluster's managed roles list it); the rest is secret.
    const generated = secrets().flatMap((s) =>
      Object.entries(secretData(s.metadata.name) ?? {})
        .filter(([key]) => key !== 'username')
        .map(([, value]) => value),
    );
    expect(generated.length).toBeGreaterThan(5);
    for (const value of generated)
      if (value.length >= 8 && text.includes(value))
        problems.push(`a generated secret value is in the render`);
    expect(problems).toEqual([]);
  });

  if (overlay === 'prod') {
    it('scales every Deployment with an HPA (at least 2 replicas) and keeps one up with a PDB', () => {
      const objs = objects();
      const problems: string[] = [];
      for (const deployment of deployments()) {
        const name = deployment.metadata.name;
        const hpas = ofKind(objs, 'HorizontalPodAutoscaler').filter(
          (h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name,
        );
        if (hpas.length !== 1) problems.push(`${name}: ${hpas.length} HorizontalPodAutoscalers`);
        const minReplicas = hpas[0]?.spec.minReplicas ?? 1;
        if (minReplicas < 2) problems.push(`${name}: the HPA may scale to ${minReplicas}`);
        if (deployment.spec.replicas !== undefined && deployment.spec.replicas < 2)
          problems.push(`${name}: ${deployment.spec.replicas} replica(s)`);
        const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
        const pdbs = ofKind(objs, 'PodDisruptionBudget').filter((p) =>
          Object.entries((p.spec.selector.matchLabels ?? {}) as Record<string, string>).every(
            ([key, value]) => podLabels[key] === value,
          ),
        );
        if (pdbs.length !== 1) problems.push(`${name}: ${pdbs.length} PodDisruptionBudgets select its pods`);
        const minAvailable = pdbs[0]?.spec.minAvailable;
        // At least one up, and fewer than the replicas, or no node could ever be drained.
        if (pdbs[0] && !(typeof minAvailable === 'number' && minAvailable >= 1 && minAvailable < minReplicas))
          problems.push(`${name}: PDB minAvailable ${minAvailable} with ${minReplicas} replicas`);
      }
      expect(problems).toEqual([]);
    });

    it('keeps the subgraphs scaled to their maxima within PostgreSQL max_connections', () => {
      const objs = objects();
      const [cluster] = ofKind(objs, 'Cluster');
      const maxConnections = Number(cluster.spec.postgresql.parameters.max_connections);
      const hpas = ofKind(objs, 'HorizontalPodAutoscaler').filter((h) =>
        (SUBGRAPHS as string[]).includes(h.spec.scaleTargetRef.name),
      );
      expect(hpas).toHaveLength(SUBGRAPHS.length);
      const needed = hpas.reduce((sum, h) => sum + h.spec.maxReplicas * (POOL_MAX + START_CONNECTIONS), 0);
      expect(needed).toBeLessThanOrEqual(maxConnections - RESERVED_CONNECTIONS);
    });
  } else {
    it('runs one replica of each service, without autoscalers or disruption budgets', () => {
      const objs = objects();
      expect(deployments().map((d) => d.spec.replicas)).toEqual(deployments().map(() => 1));
      expect(ofKind(objs, 'HorizontalPodAutoscaler')).toEqual([]);
      expect(ofKind(objs, 'PodDisruptionBudget')).toEqual([]);
    });
  }
});

describe('deploy/k8s/secrets/create-secrets.sh', () => {
  it('makes valid Secrets, a CloudNativePG basic-auth Secret per database role, URL-safe passwords', () => {
    expect(schemaProblems(secrets())).toEqual([]);
    const problems: string[] = [];
    const [cluster] = ofKind(render('prod').objects, 'Cluster');
    for (const role of cluster.spec.managed.roles as { name: string; passwordSecret: { name: string } }[]) {
      const secret = secrets().find((s) => s.metadata.name === role.passwordSecret.name);
      const data = secretData(role.passwordSecret.name);
      if (!secret || !data) {
        problems.push(`${role.passwordSecret.name} (role ${role.name}) is not made`);
        continue;
      }
      if (secret.type !== 'kubernetes.io/basic-auth')
        problems.push(`${secret.metadata.name}: type ${secret.type}`);
      if (data.username !== role.name)
        problems.push(`${secret.metadata.name}: username ${data.username}, role ${role.name}`);
      // DATABASE_URL embeds it unescaped.
      if (!/^[A-Za-z0-9_-]{16,}$/.test(data.password ?? ''))
        problems.push(`${secret.metadata.name}: password not URL-safe`);
    }
    // Fresh values each run.
    const again = parseObjects(
      execFileSync('bash', [join(K8S, 'secrets/create-secrets.sh'), '-n', 'hiregraph', '--print'], {
        encoding: 'utf8',
      }),
    );
    const first = secrets().find((s) => s.metadata.name === 'hiregraph-users')!.data.AUTH_KEY_SECRET;
    const second = again.find((s) => s.metadata.name === 'hiregraph-users')!.data.AUTH_KEY_SECRET;
    if (first === second) problems.push('AUTH_KEY_SECRET is not random');
    expect(problems).toEqual([]);
  });
});

describe('deploy/k8s/nats/values.yaml', () => {
  it('asks the NATS chart for a three-server cluster with JetStream on persistent volumes', () => {
    const values = parse(readFileSync(join(K8S, 'nats/values.yaml'), 'utf8'));
    expect(values.config.cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(values.config.jetstream).toMatchObject({
      enabled: true,
      fileStore: { enabled: true, pvc: { enabled: true } },
    });
    expect(values.podDisruptionBudget?.enabled).toBe(true);
  });

  it('takes the largest message the jobs subgraph sends, and stops writing before the volume is full', () => {
    const values = parse(readFileSync(join(K8S, 'nats/values.yaml'), 'utf8'));
    const bytes = (size: string) => Number(/^(\d+)Gi$/.exec(size)?.[1] ?? NaN) * 2 ** 30;
    const { fileStore } = values.config.jetstream;
    expect(bytes(fileStore.maxSize)).toBeLessThan(bytes(fileStore.pvc.size));
    // The largest job.found batch, with the prod overlay's settings (the default unless set).
    const jobs = deploymentEnvironment('prod', 'jobs');
    const { INGEST_MAX_BATCH_BYTES } = loadJobsSettings(loadJobsConfig(jobs));
    expect(values.config.merge.max_payload).toBeGreaterThanOrEqual(INGEST_MAX_BATCH_BYTES);
  });
});
