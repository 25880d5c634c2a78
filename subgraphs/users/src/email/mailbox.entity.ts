import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';

/**
 * A message the development `mailbox` provider "sent": stored instead of mailed, for tests and the
 * operator. A service using the mailbox provider registers this entity and creates its table.
 */
@ObjectType({ description: 'A message kept by the development mailbox instead of being mailed.' })
@Entity({ tableName: 'mailbox' })
@Index({ properties: ['recipient', 'createdAt'] })
export class MailboxMessage {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Unique()
  @Property({ type: 'text' })
  idempotencyKey!: string;

  @Field()
  @Property({ type: 'text' })
  sender!: string;

  @Field()
  @Property({ type: 'text' })
  recipient!: string;

  @Field()
  @Property({ type: 'text' })
  subject!: string;

  @Field()
  @Property({ type: 'text' })
  textBody!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  htmlBody: string | null = null;

  /** When it was "sent" (named createdAt for keyset pagination). */
  @Field(() => GraphQLISODateTime, { name: 'sentAt' })
  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
