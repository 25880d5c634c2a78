import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { AiUsage } from '../generation/generation.inputs.js';

@InputType({ description: 'What the question is about; both optional.' })
export class AssistantContext {
  @Field(() => ID, { nullable: true, description: 'One of your resumes: answers cite only it.' })
  resumeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A posting: its match with your resume is considered.' })
  jobId?: string | null;
}

@ObjectType({ description: 'A passage of your own resume an answer is based on.' })
export class AssistantCitation {
  @Field() chunkId!: string;
  @Field(() => ID) resumeId!: string;
  @Field() text!: string;
}

@ObjectType()
export class AssistantAnswer {
  @Field(() => ID) conversationId!: string;
  @Field(() => ID, { description: 'This answer: the `replyId` of its tokens on `assistantReply`.' })
  replyId!: string;
  @Field() answer!: string;
  @Field(() => [AssistantCitation]) citations!: AssistantCitation[];
  @Field(() => AiUsage, { nullable: true }) usage?: AiUsage | null;
}

@ObjectType({ description: 'A conversation kept for an hour after its last message.' })
export class Conversation {
  @Field(() => ID) id!: string;
  @Field({ description: 'The title it was started with, else the first question.' }) title!: string;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType({
  description:
    "A piece of the assistant's answer in one of your conversations, delivered by `assistantReply`; an answer's pieces join into the `answer` askAssistant returns.",
})
export class AssistantReplyEvent {
  @Field({
    description: 'Position of this token in the live stream; pass it as `after` to resume from here.',
  })
  cursor!: string;

  @Field(() => ID)
  conversationId!: string;

  @Field(() => ID, { description: 'The answer this token belongs to (askAssistant returns it too).' })
  replyId!: string;

  @Field(() => Int, { description: '0, 1, 2… within the answer.' })
  sequence!: number;

  @Field({ description: "A piece of the answer; '' on the last one." })
  token!: string;

  @Field({ description: 'The last message of the answer.' })
  done!: boolean;

  @Field(() => Int, {
    nullable: true,
    description: "On the last message: the answer's length in characters.",
  })
  answerLength?: number | null;
}
