import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { connectionType } from '@hiregraph/platform/subgraph/pagination';
import { Match, MatchVerdict } from './match.entity.js';

@InputType({ description: 'Narrows a resume’s matches; every field given must hold.' })
export class MatchFilter {
  @Field(() => Float, { nullable: true, description: 'Only matches scoring at least this (0–100).' })
  minScore?: number | null;

  @Field(() => [MatchVerdict], { nullable: true, description: 'Only these verdicts.' })
  verdicts?: MatchVerdict[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Only fully remote postings.' })
  remoteOnly?: boolean | null;
}

export const MatchConnection = connectionType(Match, 'Match');

@ObjectType({ description: 'Whether a resume’s matches reflect its latest version and every job change.' })
export class MatchingStatus {
  @Field({ description: 'Nothing is waiting to be recomputed for this resume.' })
  upToDate!: boolean;

  @Field(() => Int, { nullable: true, description: 'The latest resume version matching has received.' })
  resumeVersion!: number | null;

  @Field(() => Int, { nullable: true, description: 'The version the stored matches were computed from.' })
  matchedVersion!: number | null;

  @Field(() => Date, { nullable: true })
  computedAt!: Date | null;

  @Field(() => Int, { description: 'Changed postings whose matches are still being recomputed.' })
  pendingJobs!: number;

  @Field(() => Int)
  matchCount!: number;
}
