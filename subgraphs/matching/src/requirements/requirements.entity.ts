import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '@hiregraph/libs/ids';
import { Seniority } from '@hiregraph/libs/graphql/seniority';

/** A job description a user keeps to analyse their resumes against, with what was extracted from it. */
@ObjectType({ description: "A user's own job description and the requirements extracted from it." })
@Entity({ tableName: 'requirements' })
@Index({ properties: ['ownerId', 'createdAt', 'id'], name: 'requirements_owner_id_created_at_id_index' })
export class Requirements {
  [OptionalProps]?: 'id' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** The user who keeps it: the only non-admin who may see or use it. */
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field({ description: 'The description as given.' })
  @Property({ type: 'text' })
  text!: string;

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
