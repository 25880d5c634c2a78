import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { ResumeResolver, resumeReferenceResolver } from './resumes/resume.resolver.js';
import { SnapshotResolver } from './snapshots/snapshot.resolver.js';
import { ResumeStatusResolver } from './resumes/resume-status.resolver.js';
import { UploadResolver } from './uploads/upload.resolver.js';
import { AttachmentResolver } from './attachments/attachment.resolver.js';
import { ResumeImportResolver } from './imports/resume-import.resolver.js';
import { SharingResolver } from './sharing/sharing.resolver.js';
import { ExportResolver } from './exports/export.resolver.js';
import { TailoringResolver } from './tailoring/tailoring.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [
      ResumeResolver,
      SnapshotResolver,
      ResumeStatusResolver,
      UploadResolver,
      AttachmentResolver,
      ResumeImportResolver,
      SharingResolver,
      ExportResolver,
      TailoringResolver,
    ],
    referenceResolvers: resumeReferenceResolver,
  });
}
