import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { AssistantAnswer, AssistantContext, Conversation } from './assistant.inputs.js';
import { AssistantService } from './assistant.service.js';

@Resolver()
export class AssistantResolver {
  @Authorized()
  @Mutation(() => AssistantAnswer, {
    description:
      'Asks the career assistant about your own resumes and matches; answers cite your resume. Tokens also stream on the live channel of the conversation.',
  })
  askAssistant(
    @Arg('conversationId', () => ID, { nullable: true, description: 'Left out: a new conversation.' })
    conversationId: string | null,
    @Arg('message') message: string,
    @Arg('context', () => AssistantContext, { nullable: true }) context: AssistantContext | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<AssistantAnswer> {
    return new AssistantService(ctx.em, ctx.runtime).ask(ctx, conversationId, message, context);
  }

  @Authorized()
  @Query(() => [Conversation], {
    description: 'Your assistant conversations of the last hour, newest first.',
  })
  conversations(@Ctx() ctx: SubgraphContext): Promise<Conversation[]> {
    return new AssistantService(ctx.em, ctx.runtime).conversations(ctx);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Forgets one of your conversations; false if there was none.' })
  clearConversation(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return new AssistantService(ctx.em, ctx.runtime).clear(ctx, id);
  }
}
