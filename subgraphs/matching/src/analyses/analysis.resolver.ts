import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { loadOwnedById } from '@hiregraph/platform/subgraph/loaders';
import { PageArgs, type Connection } from '@hiregraph/platform/subgraph/pagination';
import { requireUuid } from '@hiregraph/platform/validation';
import { JobReference, ResumeReference } from '../references.js';
import { Requirements } from '../requirements/requirements.entity.js';
import { Analysis } from './analysis.entity.js';
import { AnalysisConnection, AnalysisTarget } from './analysis.inputs.js';
import type { MatchingServices } from '../services.js';
import { AnalysisService } from './analysis.service.js';

@Resolver(() => Analysis)
export class AnalysisResolver {
  constructor(private readonly services: MatchingServices) {}

  private service(ctx: SubgraphContext): AnalysisService {
    return new AnalysisService(ctx.em, ctx.runtime, this.services);
  }

  @Authorized()
  @Mutation(() => Analysis, {
    description:
      'Analyses a resume against a job or your requirements (owner or admin). Returns at once IN_PROGRESS; ' +
      'analysis.completed (and the signed callbackUrl POST) reports SUCCEEDED or FAILED. Rate-limited and metered.',
  })
  analyzeResume(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('target', () => AnalysisTarget) target: AnalysisTarget,
    @Arg('callbackUrl', () => String, { nullable: true }) callbackUrl: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Analysis> {
    return this.service(ctx).request(ctx, requireUuid(resumeId, 'resumeId'), target, callbackUrl);
  }

  @Authorized()
  @Query(() => AnalysisConnection, { description: "A resume's analyses, newest first (owner or admin)." })
  analyses(
    @Arg('resumeId', () => ID) resumeId: string,
    @Args() page: PageArgs,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Connection<Analysis>> {
    return this.service(ctx).list(ctx, requireUuid(resumeId, 'resumeId'), page);
  }

  @Authorized()
  @Query(() => Analysis, {
    nullable: true,
    description: "An analysis by id (the resume's owner or an admin).",
  })
  analysis(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Analysis | null> {
    return loadOwnedById(ctx, Analysis, requireUuid(id, 'id'), (row) => row.ownerId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Deletes an analysis (the resume's owner or an admin)." })
  deleteAnalysis(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return this.service(ctx).delete(ctx, requireUuid(id, 'id'));
  }

  @FieldResolver(() => ResumeReference, { nullable: true })
  resume(@Root() analysis: Analysis): ResumeReference {
    return { id: analysis.resumeId };
  }

  @FieldResolver(() => JobReference, { nullable: true })
  job(@Root() analysis: Analysis): JobReference | null {
    return analysis.jobId ? { id: analysis.jobId } : null;
  }

  @FieldResolver(() => Requirements, { nullable: true, description: 'The requirements analysed against.' })
  requirements(@Root() analysis: Analysis, @Ctx() ctx: SubgraphContext): Promise<Requirements | null> | null {
    return analysis.requirementsId
      ? loadOwnedById(ctx, Requirements, analysis.requirementsId, (row) => row.ownerId)
      : null;
  }
}
