import { Field, ID, InputType } from 'type-graphql';
import { badUserInput } from '../errors.js';
import { requireUuid } from '../validation.js';

/**
 * What a generated text (a cover letter, a tailored resume) is aimed at. Shared by matching and
 * resumes: one input type in the supergraph, so both subgraphs declare the same fields.
 */
@InputType({ description: 'What a generated text is aimed at: exactly one of jobId or requirementsId.' })
export class GenerationTarget {
  @Field(() => ID, { nullable: true, description: 'An open job posting.' })
  jobId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Your own saved requirements (createRequirements); another user's are FORBIDDEN.",
  })
  requirementsId?: string | null;
}

/** The one id a target names, checked: BAD_USER_INPUT for none, both, or a malformed id. */
export function targetOf(
  target: GenerationTarget,
): { kind: 'job'; jobId: string } | { kind: 'requirements'; requirementsId: string } {
  if (!!target.jobId === !!target.requirementsId) {
    throw badUserInput('Give exactly one of jobId or requirementsId', { field: 'target' });
  }
  return target.requirementsId
    ? { kind: 'requirements', requirementsId: requireUuid(target.requirementsId, 'target.requirementsId') }
    : { kind: 'job', jobId: requireUuid(target.jobId!, 'target.jobId') };
}
