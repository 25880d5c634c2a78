import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The users subgraph's User, referenced by key; its fields resolve there. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserReference {
  @Field(() => ID)
  id!: string;
}
