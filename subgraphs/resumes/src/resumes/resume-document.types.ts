import {
  Field,
  Float,
  ID,
  InputType,
  ObjectType,
  registerEnumType,
  UseMiddleware,
  type MiddlewareFn,
} from 'type-graphql';
import type { AuthContext } from '@hiregraph/platform/auth/guards';
import { SECTION_KINDS, type SectionKind as SectionKindName } from './resume-document.js';
import { SalaryPeriod } from '@hiregraph/platform/graphql/salary-period';

/**
 * GraphQL types of the structured resume (resume-document.ts). Each item type has an output type
 * with a required `id` and an input type whose `id` is optional: given, it keeps the item's identity
 * (so diffs say "changed" and chunk ids stay); left out, a new id is assigned.
 */

export const SectionKind = Object.fromEntries(SECTION_KINDS.map((kind) => [kind, kind])) as {
  [Kind in SectionKindName]: Kind;
};
registerEnumType(SectionKind, { name: 'SectionKind', description: 'A section of a resume.' });

export { SalaryPeriod };

/** Marks objects of a resume with their owner, so private fields can check who is asking. */
export const OWNER = Symbol('resumeOwner');
/**
 * Set on the public copy of a resume (sharing/public-view.ts) whose owner chose to show contact
 * details: those fields then resolve for anyone. Salary has no such switch.
 */
export const CONTACT_PUBLIC = Symbol('contactDetailsPublic');
type Owned = { [OWNER]?: string; [CONTACT_PUBLIC]?: boolean };
export const withOwner = <Value extends object>(
  value: Value | undefined,
  ownerId: string,
  contactPublic = false,
) =>
  value &&
  Object.assign(Object.create(Object.getPrototypeOf(value)), value, {
    [OWNER]: ownerId,
    [CONTACT_PUBLIC]: contactPublic,
  });

export function maySeePrivateFields(context: AuthContext, ownerId: string | undefined): boolean {
  const viewer = context.viewer;
  return !!viewer && (viewer.role === 'ADMIN' || (ownerId !== undefined && viewer.id === ownerId));
}

/**
 * Field-level guard for contact details and salary: the owner and admins see them; anyone else
 * (future public and share-link paths, federation) gets null, never the value.
 */
export const PrivateField: MiddlewareFn<AuthContext> = async ({ root, context }, next) =>
  maySeePrivateFields(context, (root as Owned)[OWNER] ?? (root as { ownerId?: string }).ownerId)
    ? next()
    : null;

/**
 * Field-level guard for contact details (email, phone, street address): like PrivateField, and also
 * open on a public copy whose owner allowed contact details. Public copies leave them out of the
 * document otherwise, so both have to agree before a value shows.
 */
export const ContactDetail: MiddlewareFn<AuthContext> = async ({ root, context }, next) =>
  (root as Owned)[CONTACT_PUBLIC] === true ||
  maySeePrivateFields(context, (root as Owned)[OWNER] ?? (root as { ownerId?: string }).ownerId)
    ? next()
    : null;

@ObjectType('ResumeLocation')
@InputType('ResumeLocationInput')
export class ResumeLocation {
  @Field({ nullable: true, description: 'Street address: a private contact detail.' })
  @UseMiddleware(ContactDetail)
  address?: string;
  @Field({ nullable: true }) postalCode?: string;
  @Field({ nullable: true }) city?: string;
  @Field({ nullable: true, description: 'ISO 3166-1 alpha-2, e.g. US' }) countryCode?: string;
  @Field({ nullable: true }) region?: string;
}

@ObjectType('ProfileFields')
@InputType('ProfileFieldsInput')
class ProfileFields {
  @Field({ nullable: true }) network?: string;
  @Field({ nullable: true }) username?: string;
  @Field({ nullable: true }) url?: string;
}

@ObjectType('BasicsFields')
@InputType('BasicsFieldsInput')
class BasicsFields {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true, description: 'Headline, e.g. "Backend engineer".' }) label?: string;
  @Field({ nullable: true }) image?: string;
  @Field({ nullable: true }) url?: string;
  @Field({ nullable: true }) summary?: string;
}

@ObjectType('WorkFields')
@InputType('WorkFieldsInput')
class WorkFields {
  @Field({ nullable: true, description: 'The company.' }) name?: string;
  @Field({ nullable: true }) position?: string;
  @Field({ nullable: true }) url?: string;
  @Field({ nullable: true }) location?: string;
  @Field({ nullable: true }) description?: string;
  @Field({ nullable: true, description: 'YYYY, YYYY-MM or YYYY-MM-DD' }) startDate?: string;
  @Field({ nullable: true, description: 'Left out while current.' }) endDate?: string;
  @Field({ nullable: true }) summary?: string;
  @Field(() => [String], { nullable: true }) highlights?: string[];
}

@ObjectType('VolunteerFields')
@InputType('VolunteerFieldsInput')
class VolunteerFields {
  @Field({ nullable: true }) organization?: string;
  @Field({ nullable: true }) position?: string;
  @Field({ nullable: true }) url?: string;
  @Field({ nullable: true }) startDate?: string;
  @Field({ nullable: true }) endDate?: string;
  @Field({ nullable: true }) summary?: string;
  @Field(() => [String], { nullable: true }) highlights?: string[];
}

@ObjectType('EducationFields')
@InputType('EducationFieldsInput')
class EducationFields {
  @Field({ nullable: true }) institution?: string;
  @Field({ nullable: true }) url?: string;
  @Field({ nullable: true, description: 'Field of study, e.g. "Computer Science".' }) area?: string;
  @Field({ nullable: true, description: 'Degree, e.g. "Bachelor".' }) studyType?: string;
  @Field({ nullable: true }) startDate?: string;
  @Field({ nullable: true }) endDate?: string;
  @Field({ nullable: true, description: 'e.g. "3.7"' }) score?: string;
  @Field({ nullable: true, description: 'The scale of `score`, e.g. "4.0".' }) scoreScale?: string;
  @Field(() => [String], { nullable: true }) courses?: string[];
}

@ObjectType('AwardFields')
@InputType('AwardFieldsInput')
class AwardFields {
  @Field({ nullable: true }) title?: string;
  @Field({ nullable: true }) date?: string;
  @Field({ nullable: true }) awarder?: string;
  @Field({ nullable: true }) summary?: string;
}

@ObjectType('CertificateFields')
@InputType('CertificateFieldsInput')
class CertificateFields {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) date?: string;
  @Field({ nullable: true }) url?: string;
  @Field({ nullable: true }) issuer?: string;
}

@ObjectType('PublicationFields')
@InputType('PublicationFieldsInput')
class PublicationFields {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) publisher?: string;
  @Field({ nullable: true }) releaseDate?: string;
  @Field({ nullable: true }) url?: string;
  @Field({ nullable: true }) summary?: string;
}

@ObjectType('SkillFields')
@InputType('SkillFieldsInput')
class SkillFields {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true, description: 'e.g. "Master"' }) level?: string;
  @Field(() => [String], { nullable: true }) keywords?: string[];
}

@ObjectType('LanguageFields')
@InputType('LanguageFieldsInput')
class LanguageFields {
  @Field({ nullable: true }) language?: string;
  @Field({ nullable: true }) fluency?: string;
}

@ObjectType('InterestFields')
@InputType('InterestFieldsInput')
class InterestFields {
  @Field({ nullable: true }) name?: string;
  @Field(() => [String], { nullable: true }) keywords?: string[];
}

@ObjectType('ReferenceFields')
@InputType('ReferenceFieldsInput')
class ReferenceFields {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) reference?: string;
}

@ObjectType('ProjectFields')
@InputType('ProjectFieldsInput')
class ProjectFields {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => [String], { nullable: true }) highlights?: string[];
  @Field(() => [String], { nullable: true }) keywords?: string[];
  @Field({ nullable: true }) startDate?: string;
  @Field({ nullable: true }) endDate?: string;
  @Field({ nullable: true }) url?: string;
  @Field(() => [String], { nullable: true }) roles?: string[];
  @Field({ nullable: true }) entity?: string;
  @Field({ nullable: true }) type?: string;
}

@ObjectType('CustomItemFields')
@InputType('CustomItemFieldsInput')
class CustomItemFields {
  @Field({ nullable: true }) title?: string;
  @Field({ nullable: true }) subtitle?: string;
  @Field({ nullable: true, description: 'Free text, e.g. "2019 – 2021".' }) date?: string;
  @Field({ nullable: true }) summary?: string;
  @Field(() => [String], { nullable: true }) highlights?: string[];
}

// Output (id required) and input (id optional) per item kind.
@ObjectType()
export class Profile extends ProfileFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class ProfileInput extends ProfileFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class WorkItem extends WorkFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class WorkItemInput extends WorkFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class VolunteerItem extends VolunteerFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class VolunteerItemInput extends VolunteerFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class EducationItem extends EducationFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class EducationItemInput extends EducationFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class AwardItem extends AwardFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class AwardItemInput extends AwardFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class CertificateItem extends CertificateFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class CertificateItemInput extends CertificateFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class PublicationItem extends PublicationFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class PublicationItemInput extends PublicationFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class SkillItem extends SkillFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class SkillItemInput extends SkillFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class LanguageItem extends LanguageFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class LanguageItemInput extends LanguageFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class InterestItem extends InterestFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class InterestItemInput extends InterestFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class ReferenceItem extends ReferenceFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class ReferenceItemInput extends ReferenceFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class ProjectItem extends ProjectFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class ProjectItemInput extends ProjectFields {
  @Field(() => ID, { nullable: true }) id?: string;
}
@ObjectType()
export class CustomItem extends CustomItemFields {
  @Field(() => ID) id!: string;
}
@InputType()
export class CustomItemInput extends CustomItemFields {
  @Field(() => ID, { nullable: true }) id?: string;
}

@ObjectType({ description: 'A section the owner titled, e.g. "Talks".' })
export class CustomSection {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => [CustomItem]) items!: CustomItem[];
}
@InputType()
export class CustomSectionInput {
  @Field(() => ID, { nullable: true }) id?: string;
  @Field() title!: string;
  @Field(() => [CustomItemInput], { nullable: true }) items?: CustomItemInput[];
}

@ObjectType({ description: 'The header of a resume. Email, phone and street address are private.' })
export class Basics extends BasicsFields {
  @Field({
    nullable: true,
    description: 'Private: owner and admins only (and public paths when the owner shows contact details).',
  })
  @UseMiddleware(ContactDetail)
  email?: string;
  @Field({
    nullable: true,
    description: 'Private: owner and admins only (and public paths when the owner shows contact details).',
  })
  @UseMiddleware(ContactDetail)
  phone?: string;
  @Field(() => ResumeLocation, { nullable: true }) location?: ResumeLocation;
  @Field(() => [Profile]) profiles!: Profile[];
}
@InputType()
export class BasicsInput extends BasicsFields {
  @Field({ nullable: true }) email?: string;
  @Field({ nullable: true }) phone?: string;
  @Field(() => ResumeLocation, { nullable: true }) location?: ResumeLocation;
  @Field(() => [ProfileInput], { nullable: true }) profiles?: ProfileInput[];
}

@ObjectType('SalaryExpectation', { description: 'Private: owner and admins only.' })
@InputType('SalaryExpectationInput')
export class SalaryExpectation {
  @Field(() => Float, { nullable: true }) min?: number;
  @Field(() => Float, { nullable: true }) max?: number;
  @Field({ description: 'ISO 4217, e.g. EUR' }) currency!: string;
  @Field(() => SalaryPeriod) period!: SalaryPeriod;
}

@ObjectType({ description: 'A section’s place and visibility.' })
export class ResumeSection {
  @Field(() => SectionKind) kind!: SectionKindName;
  @Field() visible!: boolean;
}
