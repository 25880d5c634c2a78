import { SalaryPeriod } from '../jobs/job.enums.js';

/**
 * Seams for the parts other modules own. PLACEHOLDERS until they land:
 * - salary: `parseSalary` from ../ingestion/salary.js (free text → numbers, currency conversion);
 * - skills: `extractSkills` / `normalizeSkill` from the shared taxonomy (@hiregraph/libs/skills).
 * Swap the implementations below for those imports; the signatures are what this code relies on.
 */

export interface ParsedSalary {
  min: number | null;
  max: number | null;
  currency: string | null;
  period: SalaryPeriod | null;
  /** A yearly figure in US dollars, null when the currency does not convert. */
  yearlyUsd: number | null;
}

export type SalaryParser = (text: string) => ParsedSalary | null;
/** Canonical skill names found in text, by word/token boundaries (never substrings). */
export type SkillExtractor = (text: string) => string[];
export type SkillNormalizer = (name: string) => string;

const PERIODS_PER_YEAR: Record<SalaryPeriod, number> = {
  [SalaryPeriod.HOUR]: 2080,
  [SalaryPeriod.DAY]: 260,
  [SalaryPeriod.WEEK]: 52,
  [SalaryPeriod.MONTH]: 12,
  [SalaryPeriod.YEAR]: 1,
};

/**
 * PLACEHOLDER for ingestion's conversion: yearly US dollars for USD amounts only (no exchange
 * rates here); the midpoint of a range, else whichever bound is known.
 */
export function placeholderYearlyUsd(salary: Omit<ParsedSalary, 'yearlyUsd'>): number | null {
  if (salary.currency !== 'USD' || !salary.period) return null;
  const amount =
    salary.min != null && salary.max != null ? (salary.min + salary.max) / 2 : (salary.min ?? salary.max);
  return amount == null ? null : Math.round(amount * PERIODS_PER_YEAR[salary.period]);
}

/** PLACEHOLDER for ingestion/salary.ts `parseSalary`: understands nothing yet. */
export const placeholderParseSalary: SalaryParser = () => null;

/** PLACEHOLDER for the taxonomy's `normalizeSkill`: trimmed lower case. */
export const placeholderNormalizeSkill: SkillNormalizer = (name) => name.trim().toLowerCase();

/** PLACEHOLDER for the taxonomy's `extractSkills`: finds nothing in free text yet. */
export const placeholderExtractSkills: SkillExtractor = () => [];

/** What requirement extraction uses; tests and the ingestion pipeline may pass their own. */
export interface ExtractionSeams {
  parseSalary: SalaryParser;
  extractSkills: SkillExtractor;
  normalizeSkill: SkillNormalizer;
}

export const defaultSeams: ExtractionSeams = {
  parseSalary: placeholderParseSalary,
  extractSkills: placeholderExtractSkills,
  normalizeSkill: placeholderNormalizeSkill,
};
