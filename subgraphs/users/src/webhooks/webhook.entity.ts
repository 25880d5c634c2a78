import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';

/** An HTTPS endpoint a user registered to receive events about their own data. */
@ObjectType({ description: 'An endpoint that receives signed POSTs of your events.' })
@Entity({ tableName: 'webhook_endpoints' })
@Index({ properties: ['ownerId', 'createdAt'] })
export class WebhookEndpoint {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'description';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  ownerId!: string;

  @Field()
  @Property({ type: 'text' })
  url!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => [String], { description: 'Event types delivered to this endpoint.' })
  @Property({ type: 'text[]' })
  eventTypes!: string[];

  /** The signing secret, encrypted at rest (AES-256-GCM); shown to the owner only when created or rotated. */
  @Property({ type: 'text' })
  sealedSecret!: string;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}

export const WebhookDeliveryStatus = {
  PENDING: 'PENDING',
  DELIVERED: 'DELIVERED',
  FAILED: 'FAILED',
} as const;
export type WebhookDeliveryStatus = (typeof WebhookDeliveryStatus)[keyof typeof WebhookDeliveryStatus];
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  valuesConfig: {
    PENDING: { description: 'Not delivered yet; attempted again at nextAttemptAt.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Every attempt failed; redeliverWebhook tries again.' },
  },
});

@ObjectType({ description: 'One POST of a delivery.' })
export class WebhookDeliveryAttempt {
  @Field(() => Int)
  number!: number;

  @Field(() => GraphQLISODateTime)
  attemptedAt!: Date;

  @Field(() => Int, {
    nullable: true,
    description: "The endpoint's HTTP status; null when it did not answer.",
  })
  responseStatus!: number | null;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

/** Stored form of an attempt (dates as ISO strings in JSON). */
export interface StoredAttempt {
  number: number;
  attemptedAt: string;
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
}

/** One event (or manual redelivery of it) to one endpoint, with its attempts. */
@ObjectType({ description: 'The delivery of one event to one endpoint.' })
@Entity({ tableName: 'webhook_deliveries' })
@Index({ properties: ['webhookId', 'createdAt'] })
@Unique({ properties: ['webhookId', 'dedupeKey'] })
export class WebhookDelivery {
  [OptionalProps]?:
    | 'id'
    | 'createdAt'
    | 'status'
    | 'attempts'
    | 'responseStatus'
    | 'durationMs'
    | 'error'
    | 'nextAttemptAt'
    | 'deliveredAt'
    | 'attemptLog'
    | 'redeliveryOf';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => ID)
  @Property({ type: 'uuid' })
  webhookId!: string;

  @Property({ type: 'uuid' })
  ownerId!: string;

  @Field(() => ID, { description: 'The event id, also the `id` of the body (the same on every retry).' })
  @Property({ type: 'uuid' })
  eventId!: string;

  @Field()
  @Property({ type: 'text' })
  eventType!: string;

  /** The exact JSON body POSTed: {id, type, occurredAt, data}. */
  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** The event id, or `redelivery:<id>` for a manual redelivery (the Redis dedupe key's last part). */
  @Property({ type: 'text' })
  dedupeKey!: string;

  @Field(() => ID, { nullable: true, description: 'The delivery this one redelivers.' })
  @Property({ type: 'uuid', nullable: true })
  redeliveryOf: string | null = null;

  @Field(() => WebhookDeliveryStatus)
  @Property({ type: 'text' })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Field(() => Int)
  @Property({ type: 'int' })
  attempts: number = 0;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt.' })
  @Property({ type: 'int', nullable: true })
  responseStatus: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Duration of the last attempt.' })
  @Property({ type: 'int', nullable: true })
  durationMs: number | null = null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null = null;

  @Property({ type: 'jsonb' })
  attemptLog: StoredAttempt[] = [];

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null = null;
}
