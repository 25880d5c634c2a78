import { MatchesMigration20261122000000 } from './20261122000000_matches.js';

/** Committed migrations, oldest first; applied on start. */
export const migrations = [MatchesMigration20261122000000];
