import {
  normalizeSkill as taxonomySkill,
  extractSkillIds,
  TAXONOMY_VERSION,
} from '@hiregraph/libs/skills/taxonomy';
import { parseSalary as parseSalaryText, toYearlyUsd, type MonetaryAmountLike } from '../ingestion/salary.js';
import { SalaryPeriod } from '../jobs/job.enums.js';

/**
 * What requirement extraction reads salaries and skills with: the ingestion salary parser and the
 * shared skills taxonomy. Kept behind one interface so a test can pass its own.
 */

export interface ParsedSalary {
  min: number | null;
  max: number | null;
  currency: string | null;
  period: SalaryPeriod | null;
  /** Yearly US dollars of each bound, null when the currency does not convert. */
  yearlyUsdMin: number | null;
  yearlyUsdMax: number | null;
  /**
   * The one yearly USD figure filters and sorts use: the top of the range, else the only bound
   * ("up to 90k" → 90k, "from 60k" → 60k). A "minimum salary" filter thus finds every posting whose
   * range reaches it.
   */
  yearlyUsd: number | null;
}

export type SalaryParser = (text: string | MonetaryAmountLike) => ParsedSalary | null;
/** Canonical skill ids found in text, by word/token boundaries (never substrings). */
export type SkillExtractor = (text: string) => string[];
/** A skill name → its canonical id; names the taxonomy does not know are kept, lower-cased. */
export type SkillNormalizer = (name: string) => string;

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

export const parseSalary: SalaryParser = (input) => {
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

export const normalizeSkill: SkillNormalizer = (name) =>
  taxonomySkill(name)?.id ?? name.trim().toLowerCase().replace(/\s+/g, ' ');

export const extractSkills: SkillExtractor = (text) => (text ? extractSkillIds(text) : []);

/** What requirement extraction uses; tests may pass their own. */
export interface ExtractionSeams {
  parseSalary: SalaryParser;
  extractSkills: SkillExtractor;
  normalizeSkill: SkillNormalizer;
}

export const defaultSeams: ExtractionSeams = { parseSalary, extractSkills, normalizeSkill };
