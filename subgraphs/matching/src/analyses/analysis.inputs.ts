import { Field, ID, InputType } from 'type-graphql';
import { connectionType } from '@hiregraph/platform/subgraph/pagination';
import { Analysis } from './analysis.entity.js';

@InputType({ description: 'What a resume is analysed against: a job posting or your requirements (one).' })
export class AnalysisTarget {
  @Field(() => ID, { nullable: true })
  jobId?: string | null;

  @Field(() => ID, { nullable: true })
  requirementsId?: string | null;
}

export const AnalysisConnection = connectionType(Analysis, 'Analysis');
