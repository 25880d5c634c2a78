import type { SubgraphDefinition } from '@hiregraph/libs/subgraph/service';
import { ensureBucket } from '@hiregraph/libs/s3';
import { Resume } from './resumes/resume.entity.js';
import { ResumeOwner } from './owners/owner.entity.js';
import { ResumeVersion } from './snapshots/resume-version.entity.js';
import { ResumeSnapshot } from './snapshots/snapshot.entity.js';
import { PublicProfile, ShareLink } from './sharing/sharing.entity.js';
import { ExportObject, UserBackup } from './exports/export.entity.js';
import { ExportService } from './exports/export.service.js';
import { subscribeOwnerEvents } from './owners/owner.consumers.js';
import { ResumeAttachment } from './attachments/attachment.entity.js';
import { subscribeImportWorker } from './imports/resume-import.consumers.js';
import { Upload } from './uploads/upload.entity.js';
import { TailoringTarget } from './targets/target.entity.js';
import { subscribeTargetEvents } from './targets/target.consumers.js';
import { UploadService } from './uploads/upload.service.js';
import { subscribeUploadEvents } from './uploads/upload.consumers.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';

/**
 * The resumes subgraph: resumes, their files in S3, the owner projection they hang on, and the
 * targets (postings, users' requirements) resumes can be tailored for.
 */
export const resumesSubgraph: SubgraphDefinition = {
  name: 'resumes',
  entities: [
    Resume,
    ResumeOwner,
    ResumeVersion,
    ResumeSnapshot,
    Upload,
    ResumeAttachment,
    PublicProfile,
    ShareLink,
    UserBackup,
    ExportObject,
    TailoringTarget,
  ],
  migrations,
  buildSchema,
  onStart: async (runtime) => {
    await ensureBucket(runtime.storage, runtime.config.S3_BUCKET, runtime.config.S3_REGION);
    await subscribeOwnerEvents(runtime);
    await subscribeImportWorker(runtime);
    await subscribeTargetEvents(runtime);
    await subscribeUploadEvents(runtime);
    const stopUploadCleanup = UploadService.startCleanup(runtime);
    const stopExportSweep = ExportService.startSweeper(runtime);
    return async () => {
      await Promise.all([stopUploadCleanup(), stopExportSweep()]);
    };
  },
};
