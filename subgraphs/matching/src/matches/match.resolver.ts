import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { loadOwnedById, resolveOwnedReference } from '@hiregraph/platform/subgraph/loaders';
import { PageArgs, type Connection } from '@hiregraph/platform/subgraph/pagination';
import { requireUuid } from '@hiregraph/platform/validation';
import { Match } from './match.entity.js';
import { MatchConnection, MatchFilter, MatchingStatus } from './match.inputs.js';
import { MatchService } from './match.service.js';
import { JobReference, ResumeReference } from '../references.js';
import type { MatchingServices } from '../services.js';

/** A match is visible to the resume's owner and admins (and, opted in, to the posting's recruiter). */
const ownerOfMatch = (match: Match) => match.ownerId;

@Resolver(() => Match)
export class MatchResolver {
  constructor(private readonly services: MatchingServices) {}

  @Authorized()
  @Query(() => Match, { nullable: true, description: "A match by id (the resume's owner or an admin)." })
  match(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Match | null> {
    return loadOwnedById(ctx, Match, requireUuid(id, 'id'), ownerOfMatch);
  }

  @Authorized()
  @Query(() => MatchConnection, {
    description:
      "A resume's matches, best first (the resume's owner or an admin); stale ones are recomputed first.",
  })
  matchesForResume(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('filter', () => MatchFilter, { nullable: true }) filter: MatchFilter | null,
    @Args() page: PageArgs,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Connection<Match>> {
    return new MatchService(ctx.em).listForResume(
      ctx,
      ctx.runtime.outbox,
      this.services.embedder,
      requireUuid(resumeId, 'resumeId'),
      filter,
      page,
    );
  }

  @Authorized()
  @Query(() => MatchingStatus, { description: "Whether a resume's matches are up to date (owner or admin)." })
  matchingStatus(
    @Arg('resumeId', () => ID) resumeId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<MatchingStatus> {
    return new MatchService(ctx.em).status(ctx, requireUuid(resumeId, 'resumeId'));
  }

  @Authorized('RECRUITER', 'ADMIN')
  @Query(() => MatchConnection, {
    description:
      'Resumes matching a posting, best first: its poster (a recruiter) or an admin; only owners open to recruiters, contact details removed.',
  })
  candidatesForJob(
    @Arg('jobId', () => ID) jobId: string,
    @Args() page: PageArgs,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Connection<Match>> {
    return new MatchService(ctx.em).candidatesForJob(ctx, requireUuid(jobId, 'jobId'), page);
  }

  // Nullable: if the resumes or jobs subgraph is down, the match itself still comes back.
  @FieldResolver(() => ResumeReference, { nullable: true })
  resume(@Root() match: Match): ResumeReference {
    return { id: match.resumeId };
  }

  @FieldResolver(() => JobReference, { nullable: true })
  job(@Root() match: Match): JobReference {
    return { id: match.jobId };
  }
}

export const matchReferenceResolver = {
  Match: { __resolveReference: resolveOwnedReference(Match, ownerOfMatch) },
};
