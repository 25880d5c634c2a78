import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { loadOwnedById, resolveOwnedReference } from '@hiregraph/libs/subgraph/loaders';
import { requireLimit, requireUuid } from '@hiregraph/libs/validation';
import { Match } from './match.entity.js';
import { RecordMatchInput } from './match.inputs.js';
import { MatchService } from './match.service.js';
import { JobReference, ResumeReference } from '../references.js';

/** A match is visible to the resume's owner and admins only, however it is reached. */
const ownerOfMatch = (match: Match) => match.ownerId;

@Resolver(() => Match)
export class MatchResolver {
  @Authorized()
  @Query(() => Match, { nullable: true, description: "A match by id (the resume's owner or an admin)." })
  match(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Match | null> {
    return loadOwnedById(ctx, Match, requireUuid(id, 'id'), ownerOfMatch);
  }

  @Authorized()
  @Query(() => [Match], { description: "A resume's matches, best first (the resume's owner or an admin)." })
  matchesForResume(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Match[]> {
    return new MatchService(ctx.em).listForResume(
      ctx,
      requireUuid(resumeId, 'resumeId'),
      requireLimit(limit),
    );
  }

  @Authorized('ADMIN')
  @Mutation(() => Match, {
    description: 'Records how well a resume fits a job (admins; the matcher does this).',
  })
  recordMatch(@Arg('input') input: RecordMatchInput, @Ctx() ctx: SubgraphContext): Promise<Match> {
    return new MatchService(ctx.em).record(input);
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
