import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { PageArgs } from '@hiregraph/platform/subgraph/pagination';
import { WebhookEndpoint } from './webhook.entity.js';

@InputType()
export class CreateWebhookInput {
  @Field({ description: 'https URL that receives the POSTs.' })
  url!: string;

  @Field(() => [String], { description: 'Event types to deliver (see docs/events.md, "Webhooks").' })
  eventTypes!: string[];

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateWebhookInput {
  @Field({ nullable: true })
  url?: string;

  @Field(() => [String], { nullable: true })
  eventTypes?: string[];

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@ObjectType({ description: 'An endpoint with its signing secret, shown this once.' })
export class WebhookWithSecret {
  @Field(() => WebhookEndpoint)
  webhook!: WebhookEndpoint;

  @Field({ description: 'whsec_…: keep it; it is never shown again (rotateWebhookSecret makes a new one).' })
  secret!: string;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID)
  webhookId!: string;
}
