import { Arg, Authorized, ID, Int, Resolver, Root, Subscription } from 'type-graphql';
import { AFTER_CURSOR_DESCRIPTION, servedByGateway } from '@hiregraph/platform/subgraph/live';
import { JobCandidateEvent, MatchFoundEvent } from './match-found.types.js';

/** Declares the matching subscriptions; the gateway's live bridge serves them (docs/architecture.md). */
@Resolver()
export class MatchFoundResolver {
  @Authorized()
  @Subscription(() => MatchFoundEvent, {
    nullable: true,
    subscribe: servedByGateway,
    description:
      "New or improved matches of a resume, best news first as they are computed (the resume's owner or an admin).",
  })
  matchFound(
    @Arg('resumeId', () => ID) _resumeId: string,
    @Arg('minScore', () => Int, {
      nullable: true,
      description: 'Only matches scoring at least this (0–100).',
    })
    _minScore: number | undefined,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION })
    _after: string | undefined,
    @Root() event: MatchFoundEvent,
  ): MatchFoundEvent {
    return event;
  }

  @Authorized('RECRUITER', 'ADMIN')
  @Subscription(() => JobCandidateEvent, {
    nullable: true,
    subscribe: servedByGateway,
    description:
      'New or improved candidates for a posting whose owners are open to recruiters (its poster or an admin).',
  })
  jobCandidates(
    @Arg('jobId', () => ID) _jobId: string,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION })
    _after: string | undefined,
    @Root() event: JobCandidateEvent,
  ): JobCandidateEvent {
    return event;
  }
}
