import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { requireUuid } from '@hiregraph/platform/validation';
import { Resume } from '../resumes/resume.entity.js';
import type { ResumesServices } from '../services.js';

@Resolver(() => Resume)
export class ResumeImportResolver {
  constructor(private readonly services: ResumesServices) {}

  @Authorized()
  @Mutation(() => Resume, {
    description:
      'Creates a PROCESSING resume from a confirmed PDF, DOCX or text upload; it becomes PARSED or FAILED (with a reason) shortly, announced by resumeStatus (owner or admin).',
  })
  importResumeFile(
    @Arg('uploadId', () => ID) uploadId: string,
    @Arg('title', () => String, { nullable: true }) title: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services.imports(ctx.em).importFile(ctx, requireUuid(uploadId, 'uploadId'), title);
  }

  @Authorized()
  @Mutation(() => Resume, {
    description:
      'Creates a PROCESSING resume from pasted text; it becomes PARSED or FAILED shortly, like a file import.',
  })
  importResumeText(
    @Arg('text') text: string,
    @Arg('title', () => String, { nullable: true }) title: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services.imports(ctx.em).importText(requireViewer(ctx), text, title);
  }
}
