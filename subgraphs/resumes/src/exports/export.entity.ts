import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';

@ObjectType({ description: 'A short-lived link to download a file.' })
export class DownloadLink {
  @Field({ description: 'Presigned GET URL.' }) url!: string;
  @Field() expiresAt!: Date;
  @Field({ description: "The object's key in storage (under the owner's prefix)." }) key!: string;
}

/** An archive of everything a user keeps in the resumes subgraph (exportMyData). */
@ObjectType({ description: 'An archive of your resumes and files.' })
@Entity({ tableName: 'user_backups' })
@Index({ properties: ['ownerId', 'createdAt'] })
export class UserBackup {
  [OptionalProps]?: 'id' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  ownerId!: string;

  @Field()
  @Property({ type: 'text' })
  key!: string;

  @Field(() => Float, { description: 'Bytes.' })
  @Property({ type: new BigIntType('number') })
  size!: number;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** Set when handed to a client (not stored). */
  @Field(() => DownloadLink)
  download?: DownloadLink;
}

/**
 * A generated file (PDF export or data archive) and when it goes: the sweeper removes the object and
 * its record once `expiresAt` passes (s3rver has no lifecycle rules, and this works on any S3).
 */
@Entity({ tableName: 'export_objects' })
@Index({ properties: ['expiresAt'] })
export class ExportObject {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Index()
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;
}
