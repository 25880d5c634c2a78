import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateResumeInput {
  @Field(() => ID)
  ownerId!: string;

  @Field()
  title!: string;
}
