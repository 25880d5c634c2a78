import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { AFTER_CURSOR_DESCRIPTION, servedByGateway } from '@hiregraph/platform/subgraph/live';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { AssistantAnswer, AssistantContext, AssistantReplyEvent, Conversation } from './assistant.inputs.js';
import type { MatchingServices } from '../services.js';
import { AssistantService } from './assistant.service.js';

@Resolver()
export class AssistantResolver {
  constructor(private readonly services: MatchingServices) {}

  @Authorized()
  @Mutation(() => AssistantAnswer, {
    description:
      'Asks the career assistant about your own resumes, matches and analyses; answers cite your resume. Tokens also stream on `assistantReply` of the conversation.',
  })
  askAssistant(
    @Arg('conversationId', () => ID, { nullable: true, description: 'Left out: a new conversation.' })
    conversationId: string | null,
    @Arg('message') message: string,
    @Arg('context', () => AssistantContext, { nullable: true }) context: AssistantContext | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<AssistantAnswer> {
    return new AssistantService(ctx.em, ctx.runtime, this.services).ask(
      ctx,
      conversationId,
      message,
      context,
    );
  }

  @Authorized()
  @Mutation(() => Conversation, {
    description: 'Starts an empty conversation, so you can subscribe to `assistantReply` before asking.',
  })
  startConversation(
    @Arg('title', () => String, { nullable: true }) title: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Conversation> {
    return new AssistantService(ctx.em, ctx.runtime, this.services).start(ctx, title);
  }

  @Authorized()
  @Query(() => Conversation, {
    nullable: true,
    description: "One of your conversations of the last hour; null for anyone else's.",
  })
  conversation(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Conversation | null> {
    return new AssistantService(ctx.em, ctx.runtime, this.services).conversation(ctx, id);
  }

  @Authorized()
  @Subscription(() => AssistantReplyEvent, {
    nullable: true,
    subscribe: servedByGateway,
    description:
      'The assistant\'s answers in one of your conversations, token by token (kept an hour: `after: "0"` replays the conversation\'s answers).',
  })
  assistantReply(
    @Arg('conversationId', () => ID) _conversationId: string,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION })
    _after: string | undefined,
    @Root() event: AssistantReplyEvent,
  ): AssistantReplyEvent {
    return event;
  }

  @Authorized()
  @Query(() => [Conversation], {
    description: 'Your assistant conversations of the last hour, newest first.',
  })
  conversations(@Ctx() ctx: SubgraphContext): Promise<Conversation[]> {
    return new AssistantService(ctx.em, ctx.runtime, this.services).conversations(ctx);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Forgets one of your conversations; false if there was none.' })
  clearConversation(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return new AssistantService(ctx.em, ctx.runtime, this.services).clear(ctx, id);
  }
}
