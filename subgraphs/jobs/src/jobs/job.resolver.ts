import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/libs/auth/guards';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { byIdLoader, resolveReferenceById } from '@hiregraph/libs/subgraph/loaders';
import { connectionType, PageArgs, type Connection } from '@hiregraph/libs/subgraph/pagination';
import { requireUuid } from '@hiregraph/libs/validation';
import { Job } from './job.entity.js';
import { CreateJobInput } from './job.inputs.js';
import { JobService } from './job.service.js';

const service = (ctx: SubgraphContext) => new JobService(ctx.em, ctx.runtime.outbox);

const JobConnection = connectionType(Job, 'Job');

/** Job postings are public: anyone, signed in or not, may read them; recruiters post them. */
@Resolver(() => Job)
export class JobResolver {
  @Query(() => Job, { nullable: true, description: 'A job posting by id (public).' })
  job(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Job | null> {
    return byIdLoader(ctx, Job).load(requireUuid(id, 'id'));
  }

  @Query(() => JobConnection, { description: 'Job postings, newest first (public).' })
  jobs(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: SubgraphContext): Promise<Connection<Job>> {
    return service(ctx).list(page);
  }

  @Authorized('RECRUITER', 'ADMIN')
  @Mutation(() => Job, { description: 'Publishes a job posting (recruiters and admins).' })
  createJob(@Arg('input') input: CreateJobInput, @Ctx() ctx: SubgraphContext): Promise<Job> {
    return service(ctx).create(requireViewer(ctx), input);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Removes a job posting (its poster or an admin).' })
  deleteJob(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return service(ctx).delete(ctx, requireUuid(id, 'id'));
  }
}

export const jobReferenceResolver = { Job: { __resolveReference: resolveReferenceById(Job) } };
