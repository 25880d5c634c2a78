import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { newId } from '@hiregraph/libs/ids';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'How well a resume fits a job.' })
@Entity({ tableName: 'matches' })
@Unique({ properties: ['resumeId', 'jobId'] })
export class Match {
  [OptionalProps]?: 'id' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  resumeId!: string;

  /** Owner of the resume: the only non-admin who may see this match. */
  @Index()
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Index()
  @Property({ type: 'uuid' })
  jobId!: string;

  @Field(() => Float, { description: 'Fit from 0 (none) to 1 (perfect).' })
  @Property({ type: 'double' })
  score!: number;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
