import { Field, InputType } from 'type-graphql';

@InputType()
export class CreateJobInput {
  @Field()
  title!: string;

  @Field()
  company!: string;

  @Field({ nullable: true })
  description?: string;
}
