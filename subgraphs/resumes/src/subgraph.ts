import type { SubgraphDefinition } from '@hiregraph/platform/subgraph/service';
import { ensureBucket } from '@hiregraph/platform/s3';
import { ResumeAttachment } from './attachments/attachment.entity.js';
import { ExportObject, UserBackup } from './exports/export.entity.js';
import { ExportService } from './exports/export.service.js';
import { subscribeImportWorker } from './imports/resume-import.consumers.js';
import { subscribeUploadTextEvents } from './imports/upload-text.consumers.js';
import { migrations } from './migrations/index.js';
import { subscribeOwnerEvents } from './owners/owner.consumers.js';
import { ResumeOwner } from './owners/owner.entity.js';
import { ResumeVersion } from './resumes/resume-version.entity.js';
import { Resume } from './resumes/resume.entity.js';
import { buildSchema } from './schema.js';
import { buildResumesServices, type ResumesServices } from './services.js';
import { PublicProfile, ShareLink } from './sharing/sharing.entity.js';
import { ResumeSnapshot } from './snapshots/snapshot.entity.js';
import { subscribeTargetEvents } from './targets/target.consumers.js';
import { TailoringTarget } from './targets/target.entity.js';
import { Upload } from './uploads/upload.entity.js';
import { UploadService } from './uploads/upload.service.js';

/**
 * The resumes subgraph: resumes, their files in S3, the owner projection they hang on, and the
 * targets (postings, users' requirements) resumes can be tailored for. Its container of services
 * is built once, by createServices, from the runtime's connections, and handed to the resolvers
 * and every hook.
 */
export function createResumesSubgraph(): SubgraphDefinition<ResumesServices> {
  return {
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
    createServices: (runtime) => buildResumesServices(runtime),
    buildSchema: (services) => buildSchema(services),
    onStart: async (runtime, services) => {
      await ensureBucket(runtime.storage, runtime.config.S3_BUCKET, runtime.config.S3_REGION);
      await subscribeOwnerEvents(runtime, services.owners);
      await subscribeImportWorker(runtime, services);
      await subscribeTargetEvents(runtime);
      await subscribeUploadTextEvents(runtime, services);
      const stopUploadCleanup = UploadService.startCleanup(services.uploads, runtime);
      const stopExportSweep = ExportService.startSweeper(runtime, services.exportSettings);
      return async () => {
        await Promise.all([stopUploadCleanup(), stopExportSweep()]);
      };
    },
  };
}

export const resumesSubgraph = createResumesSubgraph();
