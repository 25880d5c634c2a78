import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { baseConfigSchema, type BaseConfig } from '../config.js';
import { natsServers } from '../events/nats-cluster.js';
import { createObjectStorage } from '../s3.js';

/**
 * A private slice of the shared local services for one test file: its own database names,
 * JetStream streams, Redis key prefix and S3 bucket, so parallel runs never collide.
 */
export interface TestNamespace {
  name: string;
  env: Record<string, string>;
  config: BaseConfig;
  cleanup(): Promise<void>;
}

export function createTestNamespace(label: string): TestNamespace {
  const name = `hgt_${label.replace(/[^a-z0-9]/g, '').slice(0, 12)}_${randomBytes(4).toString('hex')}`;
  const env = {
    DATABASE_PREFIX: name,
    EVENT_NAMESPACE: name,
    REDIS_KEY_PREFIX: `${name}:`,
    S3_BUCKET: name.replace(/_/g, '-'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    NODE_ENV: 'test',
  };
  const config = baseConfigSchema.parse({ ...process.env, ...env });
  return { name, env, config, cleanup: () => cleanupNamespace(config) };
}

async function cleanupNamespace(config: BaseConfig): Promise<void> {
  await Promise.allSettled([
    dropDatabases(config),
    deleteStreams(config),
    deleteRedisKeys(config),
    deleteBucket(config),
  ]);
}

async function dropDatabases(config: BaseConfig): Promise<void> {
  const client = new pg.Client({ connectionString: `${config.DATABASE_URL}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like $1 || '\\_%'",
      [config.DATABASE_PREFIX],
    );
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}

async function deleteStreams(config: BaseConfig): Promise<void> {
  const connection = await connect({ servers: natsServers(config.NATS_URL) });
  try {
    const jsm = await jetstreamManager(connection);
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(`${config.EVENT_NAMESPACE}_`))
        await jsm.streams.delete(stream.config.name);
    }
  } finally {
    await connection.close();
  }
}

async function deleteRedisKeys(config: BaseConfig): Promise<void> {
  const redis = new Redis(config.REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.REDIS_KEY_PREFIX}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function deleteBucket(config: BaseConfig): Promise<void> {
  const storage = createObjectStorage({
    endpoint: config.S3_ENDPOINT,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
    region: config.S3_REGION,
  });
  if (!(await storage.bucketExists(config.S3_BUCKET))) return;
  const names: string[] = [];
  for await (const item of storage.listObjectsV2(config.S3_BUCKET, '', true)) {
    if (item.name) names.push(item.name);
  }
  if (names.length > 0) await storage.removeObjects(config.S3_BUCKET, names);
  await storage.removeBucket(config.S3_BUCKET);
}

type Pending = undefined | null | false;

/** Polls `probe` (sync or async) until it returns a value other than undefined/null/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => T | Pending | Promise<T | Pending>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}
