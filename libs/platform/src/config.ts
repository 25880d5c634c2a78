import { z } from 'zod';

/**
 * Typed configuration read once from the environment. Defaults work on a developer machine
 * with the local services started by scripts/services.sh, so nothing has to be set to run.
 */
export const booleanFromEnv = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  /**
   * When set, /metrics is served on this port alone (bound to HOST, for Prometheus inside the
   * cluster) and the public port answers 404 for it; unset, /metrics is on the public port.
   */
  METRICS_PORT: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  /** PostgreSQL server; each service appends its own database name. */
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432'),
  /** Database names are `${DATABASE_PREFIX}_${service}`; test runs use their own prefix. */
  DATABASE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .default('hiregraph'),
  /** One NATS server, or a cluster's servers comma-separated (events/nats-cluster.ts). */
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** Servers JetStream keeps each stream on (1 to 5; 3 on a three-node cluster). */
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Prefix of JetStream stream names and subjects, so parallel runs never share streams. */
  EVENT_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .default('hiregraph'),
  /** How long JetStream keeps events (and consumers remember processed event ids), in days. */
  EVENT_RETENTION_DAYS: z.coerce.number().positive().default(30),
  /**
   * Deliveries of one event before it is moved to the dead-letter stream. With the backoff capped
   * at 60 s, 20 deliveries ride out about 15 minutes of a dependency being down.
   */
  EVENT_MAX_DELIVER: z.coerce.number().int().min(1).default(20),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().default('hiregraph:'),
  S3_ENDPOINT: z.string().url().default('http://127.0.0.1:9000'),
  S3_ACCESS_KEY: z.string().default('S3RVER'),
  S3_SECRET_KEY: z.string().default('S3RVER'),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().default('hiregraph'),
  /** Largest accepted request body, in bytes. */
  MAX_REQUEST_BYTES: z.coerce.number().int().positive().default(1_000_000),
  CORS_ORIGINS: z.string().default('*'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  DEV_MODE: booleanFromEnv.default(false),
  /** Access tokens: issuer and audience checked everywhere; keys published by the users subgraph. */
  AUTH_ISSUER: z.string().default('hiregraph'),
  AUTH_AUDIENCE: z.string().default('hiregraph'),
  /** JWKS of the users subgraph; defaults to http://127.0.0.1:${USERS_PORT}/.well-known/jwks.json. */
  AUTH_JWKS_URL: z.string().url().optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
});

/** The users subgraph's JWKS URL for a configuration. */
export function jwksUrl(
  config: Pick<BaseConfig, 'AUTH_JWKS_URL'>,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return (
    config.AUTH_JWKS_URL ?? `http://127.0.0.1:${env.USERS_PORT ?? DEFAULT_PORTS.users}/.well-known/jwks.json`
  );
}

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    super(
      `Invalid configuration: ${issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses `env` against a schema extending the base one; throws one readable error listing every problem. */
export function loadConfig<Schema extends z.ZodObject>(
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(result.error.issues);
  return result.data;
}

/**
 * Express `trust proxy`: whose X-Forwarded-For to believe for the client address (rate limits and
 * lockouts key on it). true/false, a hop count, or addresses/subnets/names (loopback, uniquelocal, …).
 */
export function trustProxySetting(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .transform((value): boolean | number | string =>
      value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value,
    );
}

/** Port setting for a service, e.g. `USERS_PORT`, defaulting to the documented port. */
export function portSetting(defaultPort: number) {
  return z.coerce.number().int().min(0).max(65535).default(defaultPort);
}

/** The service ports that `npm start` uses; each can be overridden through its env variable. */
export const DEFAULT_PORTS = {
  gateway: 4000,
  users: 4001,
  resumes: 4002,
  jobs: 4003,
  matching: 4004,
} as const;

export type ServiceName = keyof typeof DEFAULT_PORTS;
export type SubgraphName = Exclude<ServiceName, 'gateway'>;
export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['users', 'resumes', 'jobs', 'matching'];

export function databaseName(config: Pick<BaseConfig, 'DATABASE_PREFIX'>, service: SubgraphName): string {
  return `${config.DATABASE_PREFIX}_${service}`;
}
