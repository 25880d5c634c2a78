import { UsersMigration20261122000000 } from './20261122000000_users.js';

/** Committed migrations, oldest first; applied on start. */
export const migrations = [UsersMigration20261122000000];
