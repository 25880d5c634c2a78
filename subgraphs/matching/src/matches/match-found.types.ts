import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Match } from './match.entity.js';
import { JobReference, ResumeReference } from '../references.js';

const CURSOR_DESCRIPTION =
  'Position of this event in the event stream; pass it as `after` to resume from here.';

/** One match.found event as the resume's owner receives it. */
@ObjectType({
  description: "A resume's match reached its owner's threshold or improved, delivered by `matchFound`.",
})
export class MatchFoundEvent {
  @Field({ description: CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => ID)
  matchId!: string;

  @Field(() => ID)
  resumeId!: string;

  @Field(() => ID)
  jobId!: string;

  @Field(() => Float, { description: 'The match score (0–100) announced.' })
  score!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'The score announced before for this pair; null the first time.',
  })
  previousScore!: number | null;

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

/** One match.candidate_found event as the posting's recruiter receives it. */
@ObjectType({
  description:
    'A resume whose owner is open to recruiters matched a posting, delivered by `jobCandidates`. Details (redacted evidence) come from `candidatesForJob`.',
})
export class JobCandidateEvent {
  @Field({ description: CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => ID)
  matchId!: string;

  @Field(() => ID)
  jobId!: string;

  @Field(() => ID, { description: "The candidate's resume (its content stays its owner's)." })
  resumeId!: string;

  @Field(() => Float, { description: 'The match score (0–100) announced.' })
  score!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'The score announced before for this pair; null the first time.',
  })
  previousScore!: number | null;

  @Field({ description: 'When the match was stored.' })
  occurredAt!: Date;

  @Field(() => JobReference, {
    nullable: true,
    description: 'The posting, resolved through the supergraph (any of its fields, from any subgraph).',
  })
  job?: JobReference | null;
}
