import { ResumesMigration20261122000000 } from './20261122000000_resumes.js';
import { ResumesMigration20261201000000 } from './20261201000000_structured_resumes.js';
import { ResumesMigration20261215000000 } from './20261215000000_uploads_attachments.js';
import { ResumesMigration20261220000000 } from './20261220000000_sharing.js';
import { ResumesMigration20261228000000 } from './20261228000000_tailoring_targets.js';
import { ResumesMigration20261230120000 } from './20261230120000_export_expiry.js';
import { ResumesMigration20261231120000 } from './20261231120000_upload_digest.js';

/** Committed migrations, oldest first; applied on start. */
export const migrations = [
  ResumesMigration20261122000000,
  ResumesMigration20261201000000,
  ResumesMigration20261215000000,
  ResumesMigration20261220000000,
  ResumesMigration20261228000000,
  ResumesMigration20261230120000,
  ResumesMigration20261231120000,
];
