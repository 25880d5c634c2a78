import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Entities of other subgraphs this one points at, by key; their fields resolve there. */

/** The users subgraph's User. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserReference {
  @Field(() => ID)
  id!: string;
}
