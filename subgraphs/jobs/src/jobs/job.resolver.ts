import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { byIdLoader, resolveReferenceById } from '@hiregraph/libs/subgraph/loaders';
import { requireLimit, requireUuid } from '@hiregraph/libs/validation';
import { Job } from './job.entity.js';
import { CreateJobInput } from './job.inputs.js';
import { JobService } from './job.service.js';

@Resolver(() => Job)
export class JobResolver {
  @Query(() => Job, { nullable: true, description: 'A job posting by id.' })
  job(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Job | null> {
    return byIdLoader(ctx, Job).load(requireUuid(id, 'id'));
  }

  @Query(() => [Job], { description: 'Job postings, newest first.' })
  jobs(
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Job[]> {
    return new JobService(ctx.em).list(requireLimit(limit));
  }

  @Mutation(() => Job, { description: 'Publishes a job posting.' })
  createJob(@Arg('input') input: CreateJobInput, @Ctx() ctx: SubgraphContext): Promise<Job> {
    return new JobService(ctx.em).create(input);
  }
}

export const jobReferenceResolver = { Job: { __resolveReference: resolveReferenceById(Job) } };
