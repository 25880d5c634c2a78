import { registerEnumType } from 'type-graphql';

/** How much of the work can be done remotely. */
export enum RemotePolicy {
  FULL = 'FULL',
  HYBRID = 'HYBRID',
  NONE = 'NONE',
}

export enum EmploymentType {
  FULL_TIME = 'FULL_TIME',
  PART_TIME = 'PART_TIME',
  CONTRACT = 'CONTRACT',
  TEMPORARY = 'TEMPORARY',
  INTERNSHIP = 'INTERNSHIP',
  FREELANCE = 'FREELANCE',
}

/** Career level, lowest first. */
export enum Seniority {
  INTERN = 'INTERN',
  JUNIOR = 'JUNIOR',
  MID = 'MID',
  SENIOR = 'SENIOR',
  LEAD = 'LEAD',
  PRINCIPAL = 'PRINCIPAL',
  EXECUTIVE = 'EXECUTIVE',
}

/** What a salary figure is paid per. */
export enum SalaryPeriod {
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}

export enum JobSort {
  RELEVANCE = 'RELEVANCE',
  NEWEST = 'NEWEST',
  SALARY = 'SALARY',
}

registerEnumType(RemotePolicy, {
  name: 'JobRemotePolicy',
  description: "How much of a job's work can be remote (users' RemotePolicy is a preference, not this).",
});
registerEnumType(EmploymentType, { name: 'EmploymentType' });
registerEnumType(Seniority, { name: 'Seniority', description: 'Career level, lowest first.' });
registerEnumType(SalaryPeriod, { name: 'SalaryPeriod', description: 'What a salary figure is paid per.' });
registerEnumType(JobSort, {
  name: 'JobSort',
  description: 'Order of search results: RELEVANCE (default with a query), NEWEST (default without), SALARY.',
});
