import { JobsMigration20261122000000 } from './20261122000000_jobs.js';
import { JobsMigration20261122010000 } from './20261122010000_job_posters.js';
import { JobsMigration20261201000000 } from './20261201000000_job_postings.js';
import { JobsMigration20261210000000 } from './20261210000000_job_imports.js';
import { JobsMigration20261215000000 } from './20261215000000_job_import_progress.js';
import { JobsMigration20261220000000 } from './20261220000000_job_sources.js';
import { JobsMigration20261220010000 } from './20261220010000_job_import_heartbeat.js';

/** Committed migrations, oldest first; applied on start. */
export const migrations = [
  JobsMigration20261122000000,
  JobsMigration20261122010000,
  JobsMigration20261201000000,
  JobsMigration20261210000000,
  JobsMigration20261215000000,
  JobsMigration20261220000000,
  JobsMigration20261220010000,
];
