import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { newId } from '@hiregraph/libs/ids';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A job posting.' })
@Entity({ tableName: 'jobs' })
export class Job {
  [OptionalProps]?: 'id' | 'createdAt' | 'description';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** The recruiter who posted it; kept private (deleting their account removes their postings). */
  @Index()
  @Property({ type: 'uuid' })
  postedById!: string;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field()
  @Property({ type: 'text' })
  company!: string;

  @Field()
  @Property({ type: 'text' })
  description: string = '';

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
