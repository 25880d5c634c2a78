import { Field, ID, InputType, ObjectType } from 'type-graphql';
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
  @Field() answer!: string;
  @Field(() => [AssistantCitation]) citations!: AssistantCitation[];
  @Field(() => AiUsage, { nullable: true }) usage?: AiUsage | null;
}

@ObjectType({ description: 'A conversation kept for an hour after its last message.' })
export class Conversation {
  @Field(() => ID) id!: string;
  @Field({ description: 'The first question.' }) title!: string;
  @Field(() => Date) updatedAt!: Date;
}
