import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { byIdLoader, resolveReferenceById } from '@hiregraph/libs/subgraph/loaders';
import { requireLimit, requireUuid } from '@hiregraph/libs/validation';
import { Match } from './match.entity.js';
import { RecordMatchInput } from './match.inputs.js';
import { MatchService } from './match.service.js';
import { JobReference, ResumeReference } from './references.js';

@Resolver(() => Match)
export class MatchResolver {
  @Query(() => Match, { nullable: true, description: 'A match by id.' })
  match(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Match | null> {
    return byIdLoader(ctx, Match).load(requireUuid(id, 'id'));
  }

  @Query(() => [Match], { description: "A resume's matches, best first." })
  matchesForResume(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Match[]> {
    return new MatchService(ctx.em).listForResume(requireUuid(resumeId, 'resumeId'), requireLimit(limit));
  }

  @Mutation(() => Match, { description: 'Records how well a resume fits a job.' })
  recordMatch(@Arg('input') input: RecordMatchInput, @Ctx() ctx: SubgraphContext): Promise<Match> {
    return new MatchService(ctx.em).record(input);
  }

  @FieldResolver(() => ResumeReference)
  resume(@Root() match: Match): ResumeReference {
    return { id: match.resumeId };
  }

  @FieldResolver(() => JobReference)
  job(@Root() match: Match): JobReference {
    return { id: match.jobId };
  }
}

export const matchReferenceResolver = { Match: { __resolveReference: resolveReferenceById(Match) } };
