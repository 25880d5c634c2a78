import { Field, Float, InputType, Int } from 'type-graphql';
import { EmploymentType, RemotePolicy, SalaryPeriod, Seniority } from './job.enums.js';

@InputType()
export class JobLocationInput {
  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, e.g. DE.' })
  countryCode?: string | null;
}

@InputType({ description: 'Pay as numbers, or as text (parsed), or both (the numbers win).' })
export class JobSalaryInput {
  @Field(() => Float, { nullable: true })
  min?: number | null;

  @Field(() => Float, { nullable: true })
  max?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217, e.g. USD.' })
  currency?: string | null;

  @Field(() => SalaryPeriod, { nullable: true })
  period?: SalaryPeriod | null;

  @Field(() => String, { nullable: true, description: 'As written, e.g. "$150k–$180k/yr".' })
  text?: string | null;
}

/**
 * The fields a posting is written with, all optional: what UpdateJobInput is, and what
 * PostJobInput extends (requiring title and company). Never referenced by a field itself, so the
 * schema does not show it; inherited fields keep this order, before a child's own.
 */
@InputType('JobFieldsInput')
abstract class JobFieldsInput {
  @Field(() => String, { nullable: true })
  title?: string;

  @Field(() => String, { nullable: true })
  company?: string;

  @Field(() => String, { nullable: true, description: 'Markdown.' })
  description?: string;

  @Field(() => JobLocationInput, { nullable: true })
  location?: JobLocationInput | null;

  @Field(() => RemotePolicy, { nullable: true })
  remote?: RemotePolicy | null;

  @Field(() => EmploymentType, { nullable: true })
  employmentType?: EmploymentType | null;

  @Field(() => Seniority, { nullable: true })
  seniority?: Seniority | null;

  @Field(() => JobSalaryInput, { nullable: true })
  salary?: JobSalaryInput | null;

  @Field(() => Int, { nullable: true })
  yearsOfExperience?: number | null;

  @Field(() => [String], { nullable: true })
  requiredSkills?: string[] | null;

  @Field(() => [String], { nullable: true })
  preferredSkills?: string[] | null;

  @Field(() => [String], { nullable: true })
  qualifications?: string[] | null;

  @Field(() => [String], { nullable: true })
  responsibilities?: string[] | null;

  @Field(() => String, { nullable: true, description: "The posting on the employer's own site." })
  sourceUrl?: string | null;
}

/**
 * What a recruiter writes. Requirements not given are extracted from the title and description
 * (years, seniority, remote policy, required vs preferred skills, salary).
 */
@InputType()
export class PostJobInput extends JobFieldsInput {
  // Redeclared fields stay where the base put them (first), now required.
  @Field(() => String)
  override title!: string;

  @Field(() => String)
  override company!: string;
}

/** A partial change: only the fields given change. */
@InputType()
export class UpdateJobInput extends JobFieldsInput {}

@InputType()
export class JobLocationFilter {
  @Field(() => String, { nullable: true })
  countryCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive.' })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive.' })
  region?: string | null;
}

@InputType({ description: 'Every filter given must hold.' })
export class JobSearchFilter {
  @Field(() => [RemotePolicy], { nullable: true, description: 'Any of these policies.' })
  remote?: RemotePolicy[] | null;

  @Field(() => JobLocationFilter, { nullable: true })
  location?: JobLocationFilter | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Minimum yearly salary in USD; postings without a known salary fail it unless includeUnknownSalary.',
  })
  minYearlySalaryUsd?: number | null;

  @Field({ defaultValue: false })
  includeUnknownSalary: boolean = false;

  @Field(() => [Seniority], { nullable: true, description: 'Any of these levels.' })
  seniority?: Seniority[] | null;

  @Field(() => [String], { nullable: true, description: 'All of these skills (required or preferred).' })
  skills?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Posted (or first seen) after this time.' })
  postedAfter?: Date | null;

  @Field(() => String, { nullable: true })
  source?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: 'Open postings by default; closed ones (false) or all (null) are for admins.',
  })
  isActive?: boolean | null = true;
}
