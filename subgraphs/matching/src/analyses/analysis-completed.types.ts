import { Field, Float, ID, ObjectType } from 'type-graphql';
import { MatchVerdict } from '../matches/match.entity.js';
import { Analysis, AnalysisStatus } from './analysis.entity.js';

/** One analysis.completed event as the resume's owner receives it. */
@ObjectType({
  description: 'An analysis finished (SUCCEEDED or FAILED), delivered by `analysisCompleted`.',
})
export class AnalysisCompletedEvent {
  @Field({
    description: 'Position of this event in the event stream; pass it as `after` to resume from here.',
  })
  cursor!: string;

  @Field(() => ID)
  analysisId!: string;

  @Field(() => AnalysisStatus, { description: 'SUCCEEDED or FAILED.' })
  status!: AnalysisStatus;

  @Field(() => Float, { nullable: true, description: '0–100; null when FAILED.' })
  score!: number | null;

  @Field(() => MatchVerdict, { nullable: true, description: 'Null when FAILED.' })
  verdict!: MatchVerdict | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED; null when SUCCEEDED.' })
  failureReason!: string | null;

  @Field({ description: 'When it finished.' })
  occurredAt!: Date;

  @Field(() => Analysis, {
    nullable: true,
    description:
      'The analysis (its requirements, evidence, recommendation…), resolved through the supergraph.',
  })
  analysis?: Analysis | null;
}
