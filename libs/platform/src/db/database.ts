import pg from 'pg';
import { MikroORM, defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import type { Migration } from '@mikro-orm/migrations';
import type { EntityClass } from '@mikro-orm/core';
import type { Logger } from '../logger.js';
import {
  EventTablesMigration,
  OutboxDeadLettersMigration,
  OutboxSequenceMigration,
} from './event-tables-migration.js';
import { TombstonesMigration } from './tombstones.js';
import { releaseBrokenConnections } from './pool.js';

type MigrationClass = new (...args: ConstructorParameters<typeof Migration>) => Migration;

/** Creates database `name` on the server at `serverUrl` unless it exists (safe under races). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`Refusing unsafe database name ${name}`);
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    const existing = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (existing.rowCount === 0) {
      try {
        await client.query(`create database "${name}"`);
      } catch (error) {
        // 42P04 duplicate_database, 23505 unique_violation: created concurrently by another process.
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

export interface ServiceDatabaseOptions {
  serverUrl: string;
  dbName: string;
  entities: EntityClass<any>[];
  /**
   * The service's committed migrations, oldest first; the shared ones (event tables, tombstones,
   * outbox sequence) are listed first and, being pending by name, also reach existing databases.
   */
  migrations: MigrationClass[];
  logger: Logger;
  poolSize?: number;
}

export function ormConfig(options: ServiceDatabaseOptions): Options {
  return defineConfig({
    clientUrl: `${options.serverUrl}/${options.dbName}`,
    entities: options.entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      migrationsList: [
        EventTablesMigration,
        TombstonesMigration,
        OutboxSequenceMigration,
        OutboxDeadLettersMigration,
        ...options.migrations,
      ],
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    pool: { min: 0, max: options.poolSize ?? 10 },
    driverOptions: {
      onPoolCreated: releaseBrokenConnections,
      // An unreachable server (or a pool drained by stuck queries) fails the request instead of
      // holding it, and shutdown, for ever.
      connectionTimeoutMillis: 10_000,
    },
    // Entities are validated against the committed migrations by each subgraph's schema test.
    ensureDatabase: false,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
    colors: false,
    // MikroORM's own messages (migrator progress) go through the service's logger.
    logger: (message) => options.logger.debug({ component: 'mikro-orm' }, message),
    debug: false,
  });
}

/** Creates the database when missing, opens the ORM and applies committed migrations. */
export async function openServiceDatabase(options: ServiceDatabaseOptions): Promise<MikroORM> {
  await ensureDatabase(options.serverUrl, options.dbName);
  const orm = await MikroORM.init(ormConfig(options));
  const applied = await orm.migrator.up();
  if (applied.length > 0) {
    options.logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  }
  return orm;
}

/** Drops a database, ending its connections; for test teardown. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
