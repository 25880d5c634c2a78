import type { EntityManager } from '@mikro-orm/postgresql';
import { AiLimits, aiLimitSettings } from '@hiregraph/ai/limits';
import { createLlmProvider } from '@hiregraph/ai/llm';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { AttachmentService } from './attachments/attachment.service.js';
import { loadExportSettings, type ExportSettings } from './environment.js';
import { createExportLimits } from './exports/export.limits.js';
import { ExportService } from './exports/export.service.js';
import { ResumeImportService } from './imports/resume-import.service.js';
import { UploadTextService } from './imports/upload-text.service.js';
import { OwnerService } from './owners/owner.service.js';
import { ResumeService, type ResumeDependents } from './resumes/resume.service.js';
import { SharingService } from './sharing/sharing.service.js';
import { SnapshotService } from './snapshots/snapshot.service.js';
import { TailoringService } from './tailoring/tailoring.service.js';
import { TargetService } from './targets/target.service.js';
import { UploadService } from './uploads/upload.service.js';

/** A service over one EntityManager: the request's (resolvers) or a fork (consumers, sweepers). */
type PerEntityManager<Service> = (em: EntityManager) => Service;

/**
 * What the resumes subgraph's resolvers and consumers use, built once when the subgraph starts
 * (see subgraph.ts) and handed to them explicitly. Services that work in a request's identity map
 * are factories over an EntityManager, wired here to what they build on; what lives as long as
 * the process (settings, limits, the language model, the owner projection) is built once.
 */
export interface ResumesServices {
  exportSettings: ExportSettings;
  resumes: PerEntityManager<ResumeService>;
  snapshots: PerEntityManager<SnapshotService>;
  uploads: PerEntityManager<UploadService>;
  attachments: PerEntityManager<AttachmentService>;
  imports: PerEntityManager<ResumeImportService>;
  uploadText: PerEntityManager<UploadTextService>;
  sharing: PerEntityManager<SharingService>;
  exports: PerEntityManager<ExportService>;
  tailoring: PerEntityManager<TailoringService>;
  owners: OwnerService;
}

type Runtime = Pick<SubgraphRuntime, 'config' | 'redis' | 'outbox' | 'storage' | 'logger'>;

export function buildResumesServices(runtime: Runtime): ResumesServices {
  const { config, redis } = runtime;
  const exportSettings = loadExportSettings(config);
  const exportLimits = createExportLimits(redis, exportSettings);
  const ai = {
    llm: createLlmProvider(config.env),
    limits: new AiLimits(redis, aiLimitSettings(config.env)),
    redis,
  };
  const dependents = resumeDependents(runtime);
  const resumes = (em: EntityManager) => new ResumeService(em, runtime, dependents);
  const uploads = (em: EntityManager) => new UploadService(em, runtime);
  return {
    exportSettings,
    resumes,
    uploads,
    snapshots: (em) => new SnapshotService(em, resumes(em)),
    attachments: (em) => new AttachmentService(em, runtime),
    imports: (em) => new ResumeImportService(em, runtime, resumes(em), uploads(em)),
    uploadText: (em) => new UploadTextService(em, runtime),
    sharing: (em) => new SharingService(em, redis),
    exports: (em) => new ExportService(em, runtime, resumes(em), exportSettings, exportLimits),
    tailoring: (em) => new TailoringService(em, resumes(em), ai),
    // An account's data, folder by folder, in the deletion's transaction (order as before the split).
    owners: new OwnerService(redis, async (tx, userId) => {
      await resumes(tx).removeAllOf(tx, userId);
      await SharingService.removeAllOf(tx, userId);
      await ExportService.removeAllOf(tx, userId);
      await TargetService.removeAllOf(tx, userId);
    }),
  };
}

/** What the folders built on resumes/ keep about a resume, removed with it (see ResumeDependents). */
function resumeDependents(runtime: Pick<SubgraphRuntime, 'storage' | 'config'>): ResumeDependents {
  return {
    async removeOfResume(tx, resume) {
      await SnapshotService.removeAllOfResume(tx, resume.id);
      await AttachmentService.removeAllOfResume(tx, runtime, resume.id);
      if (resume.originalFileKey) await UploadService.removeOriginal(tx, runtime, resume.originalFileKey);
      await SharingService.removeLinksOfResume(tx, resume.id);
    },
    async removeAllOfOwner(tx, ownerId) {
      await SnapshotService.removeAllOf(tx, ownerId);
      await AttachmentService.removeAllOf(tx, ownerId);
      await UploadService.removeAllOf(tx, ownerId);
    },
  };
}
