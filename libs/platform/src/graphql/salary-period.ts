import { registerEnumType } from 'type-graphql';

/**
 * What a salary figure is paid per. Shared by jobs (postings) and resumes (expectations): one enum
 * in the supergraph, so both subgraphs must declare the same values.
 */
export enum SalaryPeriod {
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}
registerEnumType(SalaryPeriod, { name: 'SalaryPeriod', description: 'What a salary figure is paid per.' });

/** Paid periods in a working year (40 h weeks, 5-day weeks). */
export const PERIODS_PER_YEAR: Record<SalaryPeriod, number> = {
  HOUR: 2080,
  DAY: 260,
  WEEK: 52,
  MONTH: 12,
  YEAR: 1,
};
