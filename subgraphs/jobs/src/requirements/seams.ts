import { TAXONOMY_VERSION } from '@hiregraph/skills/taxonomy';
import {
  extractSkills,
  normalizeSkill,
  type ExtractionSeams as SharedExtractionSeams,
  type ParsedSalary,
  type SalaryParser,
} from '@hiregraph/requirements/seams';
import { parseSalary as parseSalaryText, toYearlyUsd, type MonetaryAmountLike } from '../ingestion/salary.js';
import { SalaryPeriod } from '@hiregraph/platform/graphql/salary-period';

/**
 * The jobs subgraph's seams for the shared requirement extraction (@hiregraph/requirements):
 * the ingestion salary parser (free text or a schema.org amount) and the shared skills taxonomy.
 */
export type { ParsedSalary };
export { extractSkills, normalizeSkill };
export type ExtractionSeams = SharedExtractionSeams<string | MonetaryAmountLike>;

/** The taxonomy version skill ids were extracted with (stored beside them). */
export const SKILLS_TAXONOMY_VERSION = TAXONOMY_VERSION;

/** Yearly USD bounds and the single figure (see ParsedSalary.yearlyUsd) for numbers already known. */
export function yearlyUsdOf(salary: {
  min: number | null;
  max: number | null;
  currency: string | null;
  period: SalaryPeriod | null;
}): Pick<ParsedSalary, 'yearlyUsdMin' | 'yearlyUsdMax' | 'yearlyUsd'> {
  const yearly = salary.period ? toYearlyUsd(salary.min, salary.max, salary.currency, salary.period) : null;
  const yearlyUsdMin = yearly?.min ?? null;
  const yearlyUsdMax = yearly?.max ?? null;
  return { yearlyUsdMin, yearlyUsdMax, yearlyUsd: yearlyUsdMax ?? yearlyUsdMin };
}

export const parseSalary: SalaryParser<string | MonetaryAmountLike> = (input) => {
  const parsed = parseSalaryText(input);
  if (!parsed) return null;
  const yearlyUsdMin = parsed.yearlyUsd?.min ?? null;
  const yearlyUsdMax = parsed.yearlyUsd?.max ?? null;
  return {
    min: parsed.min,
    max: parsed.max,
    currency: parsed.currency,
    period: parsed.period as SalaryPeriod,
    yearlyUsdMin,
    yearlyUsdMax,
    yearlyUsd: yearlyUsdMax ?? yearlyUsdMin,
  };
};

export const defaultSeams: ExtractionSeams = { parseSalary, extractSkills, normalizeSkill };
