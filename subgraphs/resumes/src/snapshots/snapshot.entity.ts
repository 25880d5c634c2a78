import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';

/** A named pointer at one version of a resume; that version is never pruned while the snapshot exists. */
@ObjectType({ description: 'A named version of a resume that can be restored.' })
@Entity({ tableName: 'resume_snapshots' })
export class ResumeSnapshot {
  [OptionalProps]?: 'id' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => ID)
  @Index()
  @Property({ type: 'uuid' })
  resumeId!: string;

  @Property({ type: 'uuid' })
  ownerId!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Int, { description: 'The resume version this snapshot keeps.' })
  @Property({ type: 'integer' })
  version!: number;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
