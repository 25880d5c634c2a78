import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { GenerationTarget } from '@hiregraph/platform/graphql/generation-target';
import { CoverLetter, CoverLetterTone } from './generation.inputs.js';
import type { MatchingServices } from '../services.js';
import { GenerationService } from './generation.service.js';

@Resolver()
export class GenerationResolver {
  constructor(private readonly services: MatchingServices) {}

  @Authorized()
  @Mutation(() => CoverLetter, {
    description:
      'A cover letter for your resume and a posting (owner or admin); it claims nothing the resume does not show.',
  })
  generateCoverLetter(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('target', () => GenerationTarget) target: GenerationTarget,
    @Arg('tone', () => CoverLetterTone, { defaultValue: CoverLetterTone.PROFESSIONAL }) tone: CoverLetterTone,
    @Arg('language', () => String, { defaultValue: 'en' }) language: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CoverLetter> {
    return new GenerationService(ctx.em, ctx.runtime, this.services).generateCoverLetter(
      ctx,
      resumeId,
      target,
      tone,
      language,
    );
  }
}
