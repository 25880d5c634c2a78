import { buildFederatedSchema } from '@hiregraph/platform/subgraph/schema';
// Types and fields print in the order their modules load: the user reference, then sharing, then
// the rest, as before the folders were layered, so the published schema (schema/) is unchanged.
import './references.js';
import { resumeReferenceResolver, SharingResolver } from './sharing/sharing.resolver.js';
import { ResumeResolver } from './resumes/resume.resolver.js';
import { SnapshotResolver } from './snapshots/snapshot.resolver.js';
import { ResumeStatusResolver } from './resumes/resume-status.resolver.js';
import { UploadResolver } from './uploads/upload.resolver.js';
import { AttachmentResolver } from './attachments/attachment.resolver.js';
import { ResumeImportResolver } from './imports/resume-import.resolver.js';
import { ExportResolver } from './exports/export.resolver.js';
import { TailoringResolver } from './tailoring/tailoring.resolver.js';
import type { ResumesServices } from './services.js';

const resolvers = [
  ResumeResolver,
  SnapshotResolver,
  ResumeStatusResolver,
  UploadResolver,
  AttachmentResolver,
  ResumeImportResolver,
  SharingResolver,
  ExportResolver,
  TailoringResolver,
] as const;

/**
 * The resumes schema. Resolvers receive the subgraph's services through their constructor; building
 * the schema only to print it (composition) needs none, and its resolvers then refuse to run.
 */
export function buildSchema(services?: ResumesServices) {
  const instances = new Map<unknown, unknown>();
  return buildFederatedSchema({
    resolvers,
    referenceResolvers: resumeReferenceResolver(services),
    container: {
      get: (resolverClass: new (services: ResumesServices) => unknown) => {
        let instance = instances.get(resolverClass);
        if (!instance) instances.set(resolverClass, (instance = new resolverClass(services ?? notStarted())));
        return instance;
      },
    },
  });
}

function notStarted(): never {
  throw new Error('The resumes schema was built without services: start it through resumesSubgraph');
}
