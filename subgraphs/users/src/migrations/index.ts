import { UsersMigration20261122000000 } from './20261122000000_users.js';
import { UsersMigration20261122010000 } from './20261122010000_identity.js';
import { UsersMigration20261201000000 } from './20261201000000_role_default.js';
import { UsersMigration20261210000000 } from './20261210000000_notifications.js';
import { UsersMigration20261220000000 } from './20261220000000_usernames.js';

/** Committed migrations, oldest first; applied on start. */
export const migrations = [
  UsersMigration20261122000000,
  UsersMigration20261122010000,
  UsersMigration20261201000000,
  UsersMigration20261210000000,
  UsersMigration20261220000000,
];
