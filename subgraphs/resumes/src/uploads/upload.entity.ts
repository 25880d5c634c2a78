import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';

export enum UploadStatus {
  /** Presigned, not confirmed yet: expires (object and row) after UPLOAD_TTL_MS. */
  PENDING = 'PENDING',
  /** Size and magic bytes checked: the file may be attached or imported (once). */
  CONFIRMED = 'CONFIRMED',
  /** Refused at confirmation; the object was deleted. */
  REJECTED = 'REJECTED',
}
registerEnumType(UploadStatus, { name: 'UploadStatus', description: 'Where an upload stands.' });

/**
 * A file a user uploads straight to S3 with a presigned POST. Nothing about it is trusted until
 * `confirmUpload` has read the stored object: `size` and `contentType` are what the server saw,
 * `declaredSize`/`declaredType` only what the client claimed.
 */
@ObjectType({ description: 'A file uploaded to private storage, checked by confirmUpload.' })
@Entity({ tableName: 'uploads' })
export class Upload {
  [OptionalProps]?: 'id' | 'createdAt' | 'status';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Index()
  @Property({ type: 'text' })
  objectKey!: string;

  @Field({ description: 'The name the client gave; never used to decide the type.' })
  @Property({ type: 'text' })
  filename!: string;

  @Property({ type: 'text' })
  declaredType!: string;

  @Property({ type: 'integer' })
  declaredSize!: number;

  @Field(() => UploadStatus)
  @Property({ type: 'text' })
  status: UploadStatus = UploadStatus.PENDING;

  @Field(() => Int, { nullable: true, description: 'Bytes stored, once confirmed.' })
  @Property({ type: 'integer', nullable: true })
  size?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The media type detected from the content (magic bytes), once confirmed.',
  })
  @Property({ type: 'text', nullable: true })
  contentType?: string | null;

  @Field(() => String, { nullable: true, description: 'Why confirmation refused the file.' })
  @Property({ type: 'text', nullable: true })
  rejectionReason?: string | null;

  /**
   * SHA-256 of the bytes confirmUpload checked. The presigned POST stays valid for its 15 minutes
   * after confirmation, so whoever reads the object later (the import) compares against this.
   */
  @Property({ type: 'text', nullable: true })
  sha256?: string | null;

  /** What consumed the confirmed file (`attachment:<id>` or `resume:<id>`): a file is used once. */
  @Property({ type: 'text', nullable: true })
  claimedBy?: string | null;

  @Field({ description: 'An unconfirmed upload (object and record) is deleted after this.' })
  @Index()
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  confirmedAt?: Date | null;
}
