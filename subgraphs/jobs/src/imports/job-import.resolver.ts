import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { requireUuid } from '@hiregraph/platform/validation';
import { JobImport } from './job-import.entity.js';
import { ImportJobsInput } from './job-import.inputs.js';
import { JobImportService } from './job-import.service.js';
import type { JobsServices } from '../services.js';

/** Recruiters and admins import feeds; an import is readable by whoever started it and admins. */
@Resolver(() => JobImport)
export class JobImportResolver {
  constructor(private readonly services: JobsServices) {}

  private imports(ctx: SubgraphContext): JobImportService {
    return new JobImportService(ctx.em, this.services.worker);
  }

  @Authorized('RECRUITER', 'ADMIN')
  @Mutation(() => JobImport, {
    description:
      'Imports job postings from a feed (JSON Resume, CSV, an HTML page) or crawls a list of page URLs; returns at once, follow it with jobImport(id). Recruiters and admins.',
  })
  importJobs(@Arg('input') input: ImportJobsInput, @Ctx() ctx: SubgraphContext): Promise<JobImport> {
    return this.imports(ctx).start(requireViewer(ctx), input);
  }

  @Authorized()
  @Query(() => JobImport, {
    nullable: true,
    description: 'An import and its progress (its creator or an admin).',
  })
  jobImport(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<JobImport | null> {
    return this.imports(ctx).get(ctx, requireUuid(id, 'id'));
  }
}
