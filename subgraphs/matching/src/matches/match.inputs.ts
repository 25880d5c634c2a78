import { Field, Float, ID, InputType } from 'type-graphql';

@InputType()
export class RecordMatchInput {
  @Field(() => ID)
  resumeId!: string;

  @Field(() => ID)
  jobId!: string;

  @Field(() => Float)
  score!: number;
}
