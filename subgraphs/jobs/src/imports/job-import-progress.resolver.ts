import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import { AFTER_CURSOR_DESCRIPTION, servedByGateway } from '@hiregraph/platform/subgraph/live';
import { JobImportProgressEvent } from './job-import-progress.types.js';

/** Declares the import subscription; the gateway's live bridge serves it (docs/architecture.md). */
@Resolver()
export class JobImportProgressResolver {
  @Authorized()
  @Subscription(() => JobImportProgressEvent, {
    nullable: true,
    subscribe: servedByGateway,
    description:
      "An import's progress, from its start even when subscribed later (without `after`), ending with done = true (its creator or an admin).",
  })
  jobImportProgress(
    @Arg('importId', () => ID) _importId: string,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION })
    _after: string | undefined,
    @Root() event: JobImportProgressEvent,
  ): JobImportProgressEvent {
    return event;
  }
}
