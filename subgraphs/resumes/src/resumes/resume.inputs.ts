import { Field, InputType, Int } from 'type-graphql';
import {
  AwardItemInput,
  BasicsInput,
  CertificateItemInput,
  CustomSectionInput,
  EducationItemInput,
  InterestItemInput,
  LanguageItemInput,
  ProjectItemInput,
  PublicationItemInput,
  ReferenceItemInput,
  SalaryExpectation,
  SkillItemInput,
  VolunteerItemInput,
  WorkItemInput,
} from './resume-document.types.js';

/** Content of a resume; on update each given part replaces that part (a list replaces the whole section). */
@InputType('ResumeContentFields')
class ResumeContentFields {
  @Field(() => BasicsInput, { nullable: true }) basics?: BasicsInput;
  @Field(() => SalaryExpectation, { nullable: true, description: 'Private. On update, null removes it.' })
  salaryExpectation?: SalaryExpectation | null;
  @Field(() => [WorkItemInput], { nullable: true }) work?: WorkItemInput[];
  @Field(() => [VolunteerItemInput], { nullable: true }) volunteer?: VolunteerItemInput[];
  @Field(() => [EducationItemInput], { nullable: true }) education?: EducationItemInput[];
  @Field(() => [AwardItemInput], { nullable: true }) awards?: AwardItemInput[];
  @Field(() => [CertificateItemInput], { nullable: true }) certificates?: CertificateItemInput[];
  @Field(() => [PublicationItemInput], { nullable: true }) publications?: PublicationItemInput[];
  @Field(() => [SkillItemInput], { nullable: true }) skills?: SkillItemInput[];
  @Field(() => [LanguageItemInput], { nullable: true }) languages?: LanguageItemInput[];
  @Field(() => [InterestItemInput], { nullable: true }) interests?: InterestItemInput[];
  @Field(() => [ReferenceItemInput], { nullable: true }) references?: ReferenceItemInput[];
  @Field(() => [ProjectItemInput], { nullable: true }) projects?: ProjectItemInput[];
  @Field(() => [CustomSectionInput], { nullable: true }) custom?: CustomSectionInput[];
}

@InputType()
export class CreateResumeInput extends ResumeContentFields {
  @Field()
  title!: string;
}

@InputType({
  description: 'A partial change: only the given parts change. `version` is the one you last read.',
})
export class UpdateResumeInput extends ResumeContentFields {
  @Field(() => Int)
  version!: number;

  @Field({ nullable: true })
  title?: string;
}

/**
 * One item of one section: exactly one field is set, and it names the section (an input union,
 * emulated the way GraphQL's @oneOf does). For CUSTOM, the item is a whole custom section.
 */
@InputType()
export class ResumeItemInput {
  @Field(() => WorkItemInput, { nullable: true }) work?: WorkItemInput;
  @Field(() => VolunteerItemInput, { nullable: true }) volunteer?: VolunteerItemInput;
  @Field(() => EducationItemInput, { nullable: true }) education?: EducationItemInput;
  @Field(() => AwardItemInput, { nullable: true }) awards?: AwardItemInput;
  @Field(() => CertificateItemInput, { nullable: true }) certificates?: CertificateItemInput;
  @Field(() => PublicationItemInput, { nullable: true }) publications?: PublicationItemInput;
  @Field(() => SkillItemInput, { nullable: true }) skills?: SkillItemInput;
  @Field(() => LanguageItemInput, { nullable: true }) languages?: LanguageItemInput;
  @Field(() => InterestItemInput, { nullable: true }) interests?: InterestItemInput;
  @Field(() => ReferenceItemInput, { nullable: true }) references?: ReferenceItemInput;
  @Field(() => ProjectItemInput, { nullable: true }) projects?: ProjectItemInput;
  @Field(() => CustomSectionInput, { nullable: true }) custom?: CustomSectionInput;
}
