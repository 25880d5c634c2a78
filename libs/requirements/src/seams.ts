import type { SalaryPeriod } from '@hiregraph/platform/graphql/salary-period';
import { extractSkillIds, normalizeSkill as taxonomySkill } from '@hiregraph/skills/taxonomy';

/**
 * What requirement extraction reads salaries and skills with, behind one interface so each user of
 * it (jobs' ingestion with its salary parser, matching's own requirements) and tests pass their own.
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

/** Salary text (or, for a parser that reads more, e.g. a schema.org amount, `Input`) → figures. */
export type SalaryParser<Input = string> = (input: Input) => ParsedSalary | null;
/** Canonical skill ids found in text, by word/token boundaries (never substrings). */
export type SkillExtractor = (text: string) => string[];
/** A skill name → its canonical id; names the taxonomy does not know are kept, lower-cased. */
export type SkillNormalizer = (name: string) => string;

export const normalizeSkill: SkillNormalizer = (name) =>
  taxonomySkill(name)?.id ?? name.trim().toLowerCase().replace(/\s+/g, ' ');

export const extractSkills: SkillExtractor = (text) => (text ? extractSkillIds(text) : []);

export interface ExtractionSeams<SalaryInput = string> {
  parseSalary: SalaryParser<SalaryInput>;
  extractSkills: SkillExtractor;
  normalizeSkill: SkillNormalizer;
}

/**
 * Skills through the shared taxonomy; salary is not read (a user's own requirements text never
 * needs it, and prompts must not carry it).
 */
export const taxonomySeams: ExtractionSeams = { parseSalary: () => null, extractSkills, normalizeSkill };
