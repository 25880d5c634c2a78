import { Field, InputType } from 'type-graphql';

@InputType()
export class CreateResumeInput {
  @Field()
  title!: string;
}
