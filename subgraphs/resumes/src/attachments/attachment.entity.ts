import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';

/** A confirmed upload attached to a resume (a cover letter, a certificate, a portfolio image). */
@ObjectType({ description: 'A file attached to a resume.' })
@Entity({ tableName: 'resume_attachments' })
export class ResumeAttachment {
  [OptionalProps]?: 'id' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => ID)
  @Index()
  @Property({ type: 'uuid' })
  resumeId!: string;

  @Index()
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Property({ type: 'uuid' })
  uploadId!: string;

  @Property({ type: 'text' })
  objectKey!: string;

  @Field({ description: 'Display name, also the file name of downloads.' })
  @Property({ type: 'text' })
  name!: string;

  @Field({ description: 'Detected from the content when the upload was confirmed.' })
  @Property({ type: 'text' })
  contentType!: string;

  @Field(() => Int, { description: 'Bytes.' })
  @Property({ type: 'integer' })
  size!: number;

  @Field(() => Int, { description: 'Order among the resume’s attachments, from 0.' })
  @Property({ type: 'integer' })
  position!: number;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
