import { Field, ID, ObjectType } from 'type-graphql';
import { JobImport, JobImportCounts, JobImportStatus } from './job-import.entity.js';

/** One job_import.progress event as the import's creator receives it. */
@ObjectType({
  description:
    "A job import's counts moved or it ended, delivered by `jobImportProgress`; the last event has done = true.",
})
export class JobImportProgressEvent {
  @Field({
    description: 'Position of this event in the event stream; pass it as `after` to resume from here.',
  })
  cursor!: string;

  @Field(() => ID)
  importId!: string;

  @Field(() => JobImportStatus)
  status!: JobImportStatus;

  @Field(() => JobImportCounts, { description: 'The counts when the event was emitted.' })
  counts!: JobImportCounts;

  @Field({ description: 'The import ended (COMPLETED or FAILED): no event of it follows.' })
  done!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it failed (a coded reason and message).' })
  error!: string | null;

  @Field({ description: 'When the counts were read.' })
  occurredAt!: Date;

  @Field(() => JobImport, {
    nullable: true,
    description: 'The import now (its rejections, timings…), resolved through the supergraph.',
  })
  jobImport?: JobImport | null;
}
