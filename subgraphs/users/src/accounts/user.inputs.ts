import { Field, InputType } from 'type-graphql';

@InputType()
export class UpdateProfileInput {
  @Field({ nullable: true })
  fullName?: string;

  @Field(() => String, { nullable: true, description: 'https URL; null removes the avatar.' })
  avatarUrl?: string | null;
}
