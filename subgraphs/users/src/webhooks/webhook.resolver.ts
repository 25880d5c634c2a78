import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireRole, requireViewer } from '@hiregraph/platform/auth/guards';
import { MailboxMessage } from '../email/mailbox.entity.js';
import { connectionType, paginate, PageArgs, type Connection } from '@hiregraph/platform/subgraph/pagination';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import type { UsersServices } from '../services.js';
import { Role } from '../users/role.js';
import { WebhookDelivery, WebhookEndpoint } from './webhook.entity.js';
import {
  CreateWebhookInput,
  UpdateWebhookInput,
  WebhookDeliveriesArgs,
  WebhookWithSecret,
} from './webhook.inputs.js';

const WebhookConnection = connectionType(WebhookEndpoint, 'Webhook');
const WebhookDeliveryConnection = connectionType(WebhookDelivery, 'WebhookDelivery');
const MailboxConnection = connectionType(MailboxMessage, 'MailboxMessage');

/** The signed-in user's webhook endpoints and their delivery log; an admin may act on any. */
@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  constructor(private readonly services: UsersServices) {}

  @Authorized()
  @Mutation(() => WebhookWithSecret, {
    description: 'Registers an endpoint; its secret is shown only in this answer.',
  })
  createWebhook(
    @Arg('input') input: CreateWebhookInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<WebhookWithSecret> {
    return this.services.webhooks(ctx.em).create(requireViewer(ctx), input);
  }

  @Authorized()
  @Query(() => WebhookConnection, { description: 'Your webhook endpoints, newest first.' })
  webhooks(@Args() page: PageArgs, @Ctx() ctx: SubgraphContext): Promise<Connection<WebhookEndpoint>> {
    return this.services.webhooks(ctx.em).list(requireViewer(ctx), page);
  }

  @Authorized()
  @Mutation(() => WebhookEndpoint)
  updateWebhook(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateWebhookInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<WebhookEndpoint> {
    return this.services.webhooks(ctx.em).update(requireViewer(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes the endpoint and its delivery log.' })
  deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return this.services.webhooks(ctx.em).delete(requireViewer(ctx), id);
  }

  @Authorized()
  @Mutation(() => WebhookWithSecret, {
    description: 'A new signing secret, effective at once, shown only here.',
  })
  rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<WebhookWithSecret> {
    return this.services.webhooks(ctx.em).rotateSecret(requireViewer(ctx), id);
  }

  @Authorized()
  @Query(() => WebhookDeliveryConnection, { description: "An endpoint's deliveries, newest first." })
  webhookDeliveries(
    @Args() { webhookId, ...page }: WebhookDeliveriesArgs,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Connection<WebhookDelivery>> {
    return this.services.webhooks(ctx.em).deliveries(requireViewer(ctx), webhookId, page);
  }

  @Authorized()
  @Mutation(() => WebhookDelivery, { description: 'Delivers the same event again, as a new delivery.' })
  redeliverWebhook(
    @Arg('deliveryId', () => ID) deliveryId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<WebhookDelivery> {
    return this.services.webhooks(ctx.em).redeliver(requireViewer(ctx), deliveryId);
  }

  @Authorized()
  @Query(() => MailboxConnection, {
    description: 'Admin: mail kept by the development mailbox (EMAIL_PROVIDER=mailbox), newest first.',
  })
  mailbox(@Args() page: PageArgs, @Ctx() ctx: SubgraphContext): Promise<Connection<MailboxMessage>> {
    requireRole(ctx, Role.ADMIN);
    return paginate(ctx.em, MailboxMessage, {}, page, 'desc');
  }
}
