import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Entities of other subgraphs this one points at, by key; their fields resolve there. */

/** The resumes subgraph's Resume, referenced by key. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Resume')
export class ResumeReference {
  @Field(() => ID)
  id!: string;
}

/** The jobs subgraph's Job, referenced by key. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Job')
export class JobReference {
  @Field(() => ID)
  id!: string;
}
