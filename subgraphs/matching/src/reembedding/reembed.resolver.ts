import { Authorized, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import type { MatchingServices } from '../services.js';
import { ReembedService } from './reembed.service.js';

@ObjectType({ description: 'Progress of re-embedding stored vectors with the configured model.' })
export class ReembedStatus {
  @Field({ description: 'The configured embedding model every vector should come from.' })
  model!: string;

  @Field(() => Int)
  dimensions!: number;

  @Field({ description: 'The background re-embedding job is running.' })
  running!: boolean;

  @Field(() => Int, { description: 'Open postings.' })
  jobsTotal!: number;

  @Field(() => Int, { description: 'Open postings with a vector from the configured model.' })
  jobsEmbedded!: number;

  @Field(() => Int)
  resumesTotal!: number;

  @Field(() => Int)
  resumesEmbedded!: number;

  @Field(() => Int, { description: 'Vectors from other models not yet dropped.' })
  staleVectors!: number;

  @Field({ description: 'Every vector comes from the configured model.' })
  done!: boolean;
}

@Resolver()
export class ReembedResolver {
  constructor(private readonly services: MatchingServices) {}

  @Authorized('ADMIN')
  @Query(() => ReembedStatus, {
    description: 'Re-embedding progress after an embedding model change (admins).',
  })
  async reembedStatus(@Ctx() ctx: SubgraphContext): Promise<ReembedStatus> {
    const progress = await ReembedService.progress(ctx.em as EntityManager, this.services);
    return {
      ...progress,
      done:
        progress.jobsEmbedded === progress.jobsTotal &&
        progress.resumesEmbedded === progress.resumesTotal &&
        progress.staleVectors === 0,
    };
  }
}
