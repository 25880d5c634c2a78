import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType, registerEnumType, UseMiddleware } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';
import { emptyDocument, type ResumeDocument } from './resume-document.js';
import {
  AwardItem,
  Basics,
  CertificateItem,
  CONTACT_PUBLIC,
  CustomSection,
  EducationItem,
  InterestItem,
  LanguageItem,
  PrivateField,
  ProjectItem,
  PublicationItem,
  ReferenceItem,
  ResumeSection,
  SalaryExpectation,
  SkillItem,
  VolunteerItem,
  withOwner,
  WorkItem,
} from './resume-document.types.js';

export enum ResumeStatus {
  PROCESSING = 'PROCESSING',
  PARSED = 'PARSED',
  FAILED = 'FAILED',
}
registerEnumType(ResumeStatus, { name: 'ResumeStatus', description: 'Where an import stands.' });

export enum ResumeSource {
  MANUAL = 'MANUAL',
  FILE = 'FILE',
  JSON_RESUME = 'JSON_RESUME',
  TEXT = 'TEXT',
}
registerEnumType(ResumeSource, { name: 'ResumeSource', description: 'How a resume came to be.' });

/**
 * A resume: a row with its metadata and the structured content as one JSONB `document`
 * (validated by resume-document.ts on every write). GraphQL reads the sections from it, typed.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A resume owned by a user.' })
@Entity({ tableName: 'resumes' })
export class Resume {
  [OptionalProps]?:
    | 'id'
    | 'createdAt'
    | 'updatedAt'
    | 'isDefault'
    | 'status'
    | 'version'
    | 'source'
    | 'markdown'
    | 'document';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field({ description: 'The resume used when none is named; exactly one per owner.' })
  @Property({ type: 'boolean' })
  isDefault: boolean = false;

  @Field(() => ResumeStatus)
  @Property({ type: 'text' })
  status: ResumeStatus = ResumeStatus.PARSED;

  @Field(() => String, {
    nullable: true,
    description: 'Why the status is what it is, in words a person understands.',
  })
  @Property({ type: 'text', nullable: true })
  statusDetail?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why an import FAILED, as a stable code: SCANNED_PDF, ENCRYPTED, CORRUPT, ZIP_BOMB, TOO_LONG, EMPTY, UNSUPPORTED_TYPE, FILE_TOO_COMPLEX or TIMEOUT.',
  })
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null;

  @Field(() => Int, { description: 'Increments on every change; send it back to change the resume.' })
  @Property({ type: 'integer' })
  version: number = 1;

  @Field(() => ResumeSource)
  @Property({ type: 'text' })
  source: ResumeSource = ResumeSource.MANUAL;

  @Field(() => String, {
    nullable: true,
    description: 'Object key of the uploaded original, when imported from a file.',
  })
  @Property({ type: 'text', nullable: true })
  originalFileKey?: string | null;

  @Field({
    description:
      'The visible content as clean markdown (for matching and LLM context), without private fields.',
  })
  @Property({ type: 'text' })
  markdown: string = '';

  @Property({ type: 'jsonb' })
  document: ResumeDocument = emptyDocument();

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  /** True on a public copy whose owner shows contact details (never persisted or cached). */
  declare [CONTACT_PUBLIC]?: boolean;

  @Field(() => Basics)
  get basics(): Basics {
    const contactPublic = this[CONTACT_PUBLIC] === true;
    const basics = withOwner(this.document.basics, this.ownerId, contactPublic) as Basics;
    basics.location = withOwner(this.document.basics.location, this.ownerId, contactPublic);
    return basics;
  }

  @Field(() => SalaryExpectation, { nullable: true, description: 'Private: owner and admins only.' })
  @UseMiddleware(PrivateField)
  get salaryExpectation(): SalaryExpectation | undefined {
    return this.document.salaryExpectation as SalaryExpectation | undefined;
  }

  @Field(() => [ResumeSection], { description: 'Every section in display order, with its visibility.' })
  get sections(): ResumeSection[] {
    return this.document.sections;
  }

  @Field(() => [WorkItem]) get work() {
    return this.document.work;
  }
  @Field(() => [VolunteerItem]) get volunteer() {
    return this.document.volunteer;
  }
  @Field(() => [EducationItem]) get education() {
    return this.document.education;
  }
  @Field(() => [AwardItem]) get awards() {
    return this.document.awards;
  }
  @Field(() => [CertificateItem]) get certificates() {
    return this.document.certificates;
  }
  @Field(() => [PublicationItem]) get publications() {
    return this.document.publications;
  }
  @Field(() => [SkillItem]) get skills() {
    return this.document.skills;
  }
  @Field(() => [LanguageItem]) get languages() {
    return this.document.languages;
  }
  @Field(() => [InterestItem]) get interests() {
    return this.document.interests;
  }
  @Field(() => [ReferenceItem]) get references() {
    return this.document.references;
  }
  @Field(() => [ProjectItem]) get projects() {
    return this.document.projects;
  }
  @Field(() => [CustomSection]) get custom() {
    return this.document.custom;
  }
}
