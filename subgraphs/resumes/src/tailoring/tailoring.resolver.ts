import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { GenerationTarget } from '@hiregraph/platform/graphql/generation-target';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { Resume } from '../resumes/resume.entity.js';
import type { ResumesServices } from '../services.js';

@Resolver()
export class TailoringResolver {
  constructor(private readonly services: ResumesServices) {}

  @Authorized()
  @Mutation(() => Resume, {
    description:
      'A new version of your resume aimed at an open posting or your own requirements (owner or admin): the current version is kept as a snapshot "Before tailoring for <title>", then skills and highlights are ordered by what the target asks for and the summary is rewritten. It claims nothing the resume does not show.',
  })
  tailorResume(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('target', () => GenerationTarget) target: GenerationTarget,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services.tailoring(ctx.em).tailor(ctx, resumeId, target);
  }
}
