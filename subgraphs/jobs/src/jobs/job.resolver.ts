import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, Directive, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import { publicCacheHint } from '@hiregraph/platform/subgraph/cache-hints';
import { requireViewer } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { byIdLoader } from '@hiregraph/platform/subgraph/loaders';
import { isUuid } from '@hiregraph/platform/ids';
import {
  connectionType,
  PageArgs,
  selectedNodeFields,
  type Connection,
} from '@hiregraph/platform/subgraph/pagination';
import { requireUuid } from '@hiregraph/platform/validation';
import { JobCache } from './job.cache.js';
import { Job } from './job.entity.js';
import { JobSort } from './job.enums.js';
import { JobSearchFilter, PostJobInput, UpdateJobInput } from './job.inputs.js';
import { JobService, visibleTo } from './job.service.js';
import type { JobsServices } from '../services.js';

const JobConnection = connectionType(Job, 'Job');

/**
 * How long anyone may reuse an anonymous answer about open postings. The gateway's response cache
 * drops its copies on the postings' events sooner; a CDN or browser keeps theirs this long at most.
 */
const PUBLIC_POSTINGS_MAX_AGE_SECONDS = 30;

/**
 * Open job postings are public: anyone, signed in or not, may read and search them. Recruiters
 * (and admins) post them; only the poster or an admin changes or closes one.
 */
@Resolver(() => Job)
export class JobResolver {
  constructor(private readonly services: JobsServices) {}

  /** Per request: its entity manager, and a cache that logs with the request. */
  private postings(ctx: SubgraphContext): JobService {
    const { outbox, redis } = this.services;
    return new JobService(ctx.em, { outbox, cache: new JobCache(redis, ctx.logger) });
  }

  @Directive(publicCacheHint(PUBLIC_POSTINGS_MAX_AGE_SECONDS))
  @Query(() => Job, {
    nullable: true,
    description: 'A job posting by id: open ones to anyone, closed ones to their poster and admins.',
  })
  job(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Job | null> {
    return this.postings(ctx).get(ctx.viewer, requireUuid(id, 'id'));
  }

  @Directive(publicCacheHint(PUBLIC_POSTINGS_MAX_AGE_SECONDS))
  @Query(() => JobConnection, { description: 'Open job postings, newest first (public).' })
  jobs(
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<Job>> {
    return this.postings(ctx).list(page, selectedNodeFields(info));
  }

  @Directive(publicCacheHint(PUBLIC_POSTINGS_MAX_AGE_SECONDS))
  @Query(() => JobConnection, {
    description:
      'Full-text search over title, company, skills and description (web search syntax: "quoted", -not, or), with filters (public; closed postings for admins).',
  })
  searchJobs(
    @Arg('query', () => String, { nullable: true }) query: string | null,
    @Arg('filter', () => JobSearchFilter, { nullable: true }) filter: JobSearchFilter | null,
    @Arg('sort', () => JobSort, { nullable: true }) sort: JobSort | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Connection<Job>> {
    return this.postings(ctx).search(ctx, { query, filter, sort, first: page.first, after: page.after });
  }

  @Authorized('RECRUITER', 'ADMIN')
  @Mutation(() => Job, { description: 'Publishes a job posting (recruiters and admins).' })
  postJob(@Arg('input') input: PostJobInput, @Ctx() ctx: SubgraphContext): Promise<Job> {
    return this.postings(ctx).post(requireViewer(ctx), input);
  }

  @Authorized('RECRUITER', 'ADMIN')
  @Mutation(() => Job, { description: 'Changes the fields given (its poster or an admin).' })
  updateJob(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateJobInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Job> {
    return this.postings(ctx).update(ctx, requireUuid(id, 'id'), input);
  }

  @Authorized('RECRUITER', 'ADMIN')
  @Mutation(() => Job, { description: 'Stops a posting taking applicants (its poster or an admin).' })
  closeJob(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Job> {
    return this.postings(ctx).close(ctx, requireUuid(id, 'id'));
  }
}

/** `_entities` follows `job(id)`: a closed posting resolves only for its poster and admins. */
export const jobReferenceResolver = {
  Job: {
    __resolveReference: async (reference: { id: string }, ctx: SubgraphContext): Promise<Job | null> =>
      isUuid(reference.id) ? visibleTo(ctx.viewer, await byIdLoader(ctx, Job).load(reference.id)) : null,
  },
};
