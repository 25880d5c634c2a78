import { JobsMigration20261122000000 } from './20261122000000_jobs.js';

/** Committed migrations, oldest first; applied on start. */
export const migrations = [JobsMigration20261122000000];
