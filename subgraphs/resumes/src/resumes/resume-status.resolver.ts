import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import { AFTER_CURSOR_DESCRIPTION, servedByGateway } from '@hiregraph/platform/subgraph/live';
import { ResumeStatusEvent } from './resume-status.types.js';

/** Declares the resume subscriptions; the gateway's live bridge serves them (docs/architecture.md). */
@Resolver(() => ResumeStatusEvent)
export class ResumeStatusResolver {
  @Authorized()
  @Subscription(() => ResumeStatusEvent, {
    nullable: true,
    subscribe: servedByGateway,
    description: 'Status changes of a resume while it is imported and parsed (owner or admin).',
  })
  resumeStatus(
    @Arg('resumeId', () => ID) _resumeId: string,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION })
    _after: string | undefined,
    @Root() event: ResumeStatusEvent,
  ): ResumeStatusEvent {
    return event;
  }
}
