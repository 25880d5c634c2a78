import 'reflect-metadata';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { RevocationStore } from '@hiregraph/platform/auth/revocation';
import { databaseName } from '@hiregraph/platform/config';
import { ormConfig } from '@hiregraph/platform/db/database';
import { createLogger } from '@hiregraph/platform/logger';
import { createRedis } from '@hiregraph/platform/redis';
import { loadUsersConfig } from '../environment.js';
import { usersSubgraph } from '../subgraph.js';
import { setRoleByEmail } from './admin.service.js';

const USAGE = 'usage: npm run admin -- grant <email> | revoke <email>';
const ROLES = { grant: 'ADMIN', revoke: 'USER' } as const;

/**
 * Operator command against the users database (and Redis, to end the user's sessions), configured
 * by the same environment as the users subgraph: `grant` makes an existing account ADMIN, `revoke`
 * makes it USER again.
 */
async function main(args: string[]): Promise<number> {
  const [command, email] = args;
  if (!(command === 'grant' || command === 'revoke') || !email || args.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const config = loadUsersConfig();
  const logger = createLogger('users-admin', config.LOG_LEVEL);
  const orm = await MikroORM.init(
    ormConfig({
      serverUrl: config.DATABASE_URL,
      dbName: databaseName(config, 'users'),
      entities: usersSubgraph.entities,
      migrations: usersSubgraph.migrations,
      logger,
      poolSize: 1,
    }),
  );
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  try {
    const revocations = new RevocationStore(redis, config.ACCESS_TOKEN_TTL_SECONDS);
    const user = await setRoleByEmail(orm.em.fork() as EntityManager, revocations, email, ROLES[command]);
    console.log(`${user.email} is now ${user.role}; their sessions have ended.`);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    redis.disconnect();
    await orm.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
