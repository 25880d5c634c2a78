import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ShareLinkDuration {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  THREE_MONTHS = 'THREE_MONTHS',
  PERMANENT = 'PERMANENT',
}
registerEnumType(ShareLinkDuration, {
  name: 'ShareLinkDuration',
  description: 'How long a share link works (an explicit expiresAt overrides it).',
});

@ObjectType({ description: 'A share link just created: the only time its token is shown.' })
export class CreatedShareLink {
  @Field(() => ID) id!: string;
  @Field({
    description: 'The secret to pass to sharedResume(token); it is not stored and cannot be shown again.',
  })
  token!: string;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field() createdAt!: Date;
}
