import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum CoverLetterTone {
  PROFESSIONAL = 'PROFESSIONAL',
  FRIENDLY = 'FRIENDLY',
  CONFIDENT = 'CONFIDENT',
}
registerEnumType(CoverLetterTone, { name: 'CoverLetterTone' });

@ObjectType({ description: 'Tokens one AI operation used.' })
export class AiUsage {
  @Field(() => Int) promptTokens!: number;
  @Field(() => Int) completionTokens!: number;
  @Field({ description: '`local` (templates, no model) or `openai`.' }) provider!: string;
}

@ObjectType({
  description: 'A generated cover letter, checked against the resume: nothing it does not show.',
})
export class CoverLetter {
  @Field() text!: string;
  @Field(() => AiUsage, { nullable: true }) usage?: AiUsage | null;
  @Field(() => [String], {
    description:
      'Claims a draft made that the resume does not show ("skill: Kubernetes"); none are in `text`.',
  })
  claimsRemoved!: string[];
}
