import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import { AFTER_CURSOR_DESCRIPTION, servedByGateway } from '@hiregraph/platform/subgraph/live';
import { AnalysisCompletedEvent } from './analysis-completed.types.js';

/** Declares the analysis subscription; the gateway's live bridge serves it (docs/architecture.md). */
@Resolver()
export class AnalysisCompletedResolver {
  @Authorized()
  @Subscription(() => AnalysisCompletedEvent, {
    nullable: true,
    subscribe: servedByGateway,
    description:
      "An analysis' completion, even when it finished before the subscription (without `after`: replayed from the analysis' creation); the resume's owner or an admin.",
  })
  analysisCompleted(
    @Arg('analysisId', () => ID) _analysisId: string,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION })
    _after: string | undefined,
    @Root() event: AnalysisCompletedEvent,
  ): AnalysisCompletedEvent {
    return event;
  }
}
