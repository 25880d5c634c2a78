import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { newId } from '@hiregraph/libs/ids';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A person with a Hiregraph account.' })
@Entity({ tableName: 'users' })
export class User {
  [OptionalProps]?: 'id' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field()
  @Unique()
  @Property({ type: 'text' })
  email!: string;

  @Field()
  @Property({ type: 'text' })
  fullName!: string;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
