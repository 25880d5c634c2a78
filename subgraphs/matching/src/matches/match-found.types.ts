import { Field, ObjectType } from 'type-graphql';
import { declareEventDataFields } from '@hiregraph/platform/subgraph/live';
import { Match } from './match.entity.js';
import { JobReference, ResumeReference } from '../references.js';

/*
 * The event fields of each payload (ids, score, previous score) are the catalog event's data
 * fields, declared from it below; the live registry (gateway/src/live/registry.ts) copies the same
 * fields, and its test holds the two against the supergraph.
 */

const SCORE_DESCRIPTIONS = {
  score: 'The match score (0–100) announced.',
  previousScore: 'The score announced before for this pair; null the first time.',
};

const CURSOR_DESCRIPTION =
  'Position of this event in the event stream; pass it as `after` to resume from here.';

/** One match.found event as the resume's owner receives it (the event's data fields: see below). */
@ObjectType({
  description: "A resume's match reached its owner's threshold or improved, delivered by `matchFound`.",
})
export class MatchFoundEvent {
  @Field({ description: CURSOR_DESCRIPTION })
  cursor!: string;

  @Field({ description: 'When the match was stored.' })
  occurredAt!: Date;

  @Field(() => Match, { nullable: true, description: 'The match now (its explanation, verdict…).' })
  match?: Match | null;

  @Field(() => JobReference, {
    nullable: true,
    description: 'The posting, resolved through the supergraph (any of its fields, from any subgraph).',
  })
  job?: JobReference | null;

  @Field(() => ResumeReference, {
    nullable: true,
    description: 'The resume, resolved through the supergraph (any of its fields, from any subgraph).',
  })
  resume?: ResumeReference | null;
}

/** One match.candidate_found event as the posting's recruiter receives it (data fields: see below). */
@ObjectType({
  description:
    'A resume whose owner is open to recruiters matched a posting, delivered by `jobCandidates`. Details (redacted evidence) come from `candidatesForJob`.',
})
export class JobCandidateEvent {
  @Field({ description: CURSOR_DESCRIPTION })
  cursor!: string;

  @Field({ description: 'When the match was stored.' })
  occurredAt!: Date;

  @Field(() => JobReference, {
    nullable: true,
    description: 'The posting, resolved through the supergraph (any of its fields, from any subgraph).',
  })
  job?: JobReference | null;
}

// The subscriber is the owner: their own id is not repeated.
declareEventDataFields(MatchFoundEvent, 'match.found', {
  omit: ['ownerId'],
  descriptions: SCORE_DESCRIPTIONS,
});
// The subscriber is the poster (or an admin), who knows the posting's poster.
declareEventDataFields(JobCandidateEvent, 'match.candidate_found', {
  omit: ['postedById'],
  descriptions: {
    ...SCORE_DESCRIPTIONS,
    resumeId: "The candidate's resume (its content stays its owner's).",
  },
});
