import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/libs/auth/guards';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { requireUuid } from '@hiregraph/libs/validation';
import { JobImport } from './job-import.entity.js';
import { ImportJobsInput } from './job-import.inputs.js';
import { JobImportService } from './job-import.service.js';
import { importPipeline } from './import.pipeline.js';

const service = (ctx: SubgraphContext) => new JobImportService(ctx.em, importPipeline(ctx.runtime).worker);

/** Recruiters and admins import feeds; an import is readable by whoever started it and admins. */
@Resolver(() => JobImport)
export class JobImportResolver {
  @Authorized('RECRUITER', 'ADMIN')
  @Mutation(() => JobImport, {
    description:
      'Imports job postings from a feed (JSON Resume, CSV, an HTML page) or crawls a list of page URLs; returns at once, follow it with jobImport(id). Recruiters and admins.',
  })
  importJobs(@Arg('input') input: ImportJobsInput, @Ctx() ctx: SubgraphContext): Promise<JobImport> {
    return service(ctx).start(requireViewer(ctx), input);
  }

  @Authorized()
  @Query(() => JobImport, {
    nullable: true,
    description: 'An import and its progress (its creator or an admin).',
  })
  jobImport(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<JobImport | null> {
    return service(ctx).get(ctx, requireUuid(id, 'id'));
  }
}
