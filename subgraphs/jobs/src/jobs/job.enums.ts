import { registerEnumType } from 'type-graphql';

import { RemotePolicy } from '@hiregraph/requirements/remote-policy';

export { RemotePolicy };

export enum EmploymentType {
  FULL_TIME = 'FULL_TIME',
  PART_TIME = 'PART_TIME',
  CONTRACT = 'CONTRACT',
  TEMPORARY = 'TEMPORARY',
  INTERNSHIP = 'INTERNSHIP',
  FREELANCE = 'FREELANCE',
}

export { SalaryPeriod } from '@hiregraph/platform/graphql/salary-period';
export { Seniority } from '@hiregraph/platform/graphql/seniority';

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
registerEnumType(JobSort, {
  name: 'JobSort',
  description: 'Order of search results: RELEVANCE (default with a query), NEWEST (default without), SALARY.',
});
