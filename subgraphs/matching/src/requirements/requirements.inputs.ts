import { Field, ID, InputType } from 'type-graphql';
import { connectionType } from '@hiregraph/platform/subgraph/pagination';
import { Requirements } from './requirements.entity.js';

@InputType({ description: 'A job description: its text, or an uploaded PDF/DOCX/TXT file (one of them).' })
export class CreateRequirementsInput {
  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => ID, { nullable: true, description: 'An upload from the resumes upload path.' })
  uploadId?: string | null;
}

export const RequirementsConnection = connectionType(Requirements, 'Requirements');
