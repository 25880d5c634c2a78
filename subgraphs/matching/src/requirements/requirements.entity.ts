import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';
import { Seniority } from '@hiregraph/platform/graphql/seniority';

export enum RequirementsStatus {
  /** Waiting for the text of an uploaded file (requirements.upload_submitted → upload.text_extracted). */
  EXTRACTING = 'EXTRACTING',
  /** Text kept and requirements extracted: analyses and cover letters may use it. */
  READY = 'READY',
  /** The uploaded file could not be used; `failureCode` and `failureReason` say why. */
  FAILED = 'FAILED',
}
registerEnumType(RequirementsStatus, {
  name: 'RequirementsStatus',
  description:
    'READY at once for text; an upload is EXTRACTING until its text arrives, then READY or FAILED.',
});

/** A job description a user keeps to analyse their resumes against, with what was extracted from it. */
@ObjectType({ description: "A user's own job description and the requirements extracted from it." })
@Entity({ tableName: 'requirements' })
@Index({ properties: ['ownerId', 'createdAt', 'id'], name: 'requirements_owner_id_created_at_id_index' })
export class Requirements {
  [OptionalProps]?: 'id' | 'createdAt' | 'status';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** The user who keeps it: the only non-admin who may see or use it. */
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field({ description: 'The description as given (or as read from the upload); empty until READY.' })
  @Property({ type: 'text' })
  text!: string;

  @Field(() => RequirementsStatus)
  @Property({ type: 'text', default: RequirementsStatus.READY })
  status: RequirementsStatus = RequirementsStatus.READY;

  /** The upload the text comes from (resumes subgraph), when created from a file. */
  @Property({ type: 'uuid', nullable: true })
  uploadId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'FAILED only: NOT_FOUND, FORBIDDEN (not your upload), NOT_CONFIRMED, ALREADY_USED, UNSUPPORTED_TYPE, SCANNED_PDF, ENCRYPTED, CORRUPT, ZIP_BOMB, TOO_LONG, EMPTY, FILE_TOO_COMPLEX or TIMEOUT.',
  })
  @Property({ type: 'text', nullable: true })
  failureCode?: string | null;

  @Field(() => String, { nullable: true, description: 'FAILED only: why, in words a person understands.' })
  @Property({ type: 'text', nullable: true })
  failureReason?: string | null;

  @Field(() => Int, { nullable: true, description: 'Minimum years of experience asked for.' })
  @Property({ type: 'int', nullable: true })
  years?: number | null;

  @Field(() => Seniority, { nullable: true })
  @Property({ type: 'text', nullable: true })
  seniority?: Seniority | null;

  @Field(() => [String], { description: "Key requirements: the taxonomy's canonical skill ids." })
  @Property({ type: 'text[]' })
  requiredSkills!: string[];

  @Field(() => [String], { description: 'Nice-to-have skills (canonical ids).' })
  @Property({ type: 'text[]' })
  preferredSkills!: string[];

  @Field(() => [String])
  @Property({ type: 'text[]' })
  responsibilities!: string[];

  @Field(() => [String])
  @Property({ type: 'text[]' })
  qualifications!: string[];

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
