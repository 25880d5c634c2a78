import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';

/** An owner's choice to show their default resume at their handle (off unless they opt in). */
@ObjectType({ description: 'Whether your default resume is public at your username.' })
@Entity({ tableName: 'public_profiles' })
export class PublicProfile {
  [OptionalProps]?: 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  ownerId!: string;

  @Field({ description: 'The default resume is public at publicResume(username).' })
  @Property({ type: 'boolean' })
  enabled!: boolean;

  @Field({ description: 'Public paths (profile and share links) show email, phone and street address.' })
  @Property({ type: 'boolean' })
  showContactDetails!: boolean;

  @Field()
  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}

/** A secret link to one resume; only the SHA-256 of its token is stored. */
@ObjectType({
  description: 'A link that shows one resume to anyone holding it, until it expires or is revoked.',
})
@Entity({ tableName: 'share_links' })
@Index({ properties: ['resumeId', 'createdAt'] })
export class ShareLink {
  [OptionalProps]?: 'id' | 'createdAt' | 'viewCount' | 'lastViewedAt' | 'revokedAt' | 'expiresAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => ID)
  @Property({ type: 'uuid' })
  resumeId!: string;

  @Index()
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Unique()
  @Property({ type: 'text' })
  tokenHash!: string;

  @Field(() => Date, { nullable: true, description: 'Null: the link never expires (PERMANENT).' })
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  @Field(() => Int, { description: 'How many times the resume was read through this link.' })
  @Property({ type: 'integer' })
  viewCount: number = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastViewedAt: Date | null = null;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
