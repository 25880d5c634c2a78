/** Broad professions: matching compares a resume's disciplines with a posting's. */
export const DISCIPLINES = [
  'software-engineering',
  'data',
  'devops',
  'security',
  'hardware',
  'design',
  'product',
  'project-management',
  'sales',
  'marketing',
  'finance',
  'healthcare',
  'hr',
  'customer-support',
  'education',
  'legal',
  'operations',
  'general',
] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export const SKILL_CATEGORIES = [
  'language',
  'framework',
  'library',
  'database',
  'cloud',
  'devops-tool',
  'data-ml',
  'mobile',
  'testing',
  'tool',
  'platform',
  'methodology',
  'practice',
  'certification',
  'soft-skill',
  'domain',
] as const;
export type SkillCategory = (typeof SKILL_CATEGORIES)[number];

export interface Skill {
  /** Stable canonical id (kebab-case): what gets stored. */
  readonly id: string;
  readonly name: string;
  readonly category: SkillCategory;
  readonly discipline: Discipline;
  /** Group of interchangeable skills (e.g. sql-databases) that earn partial credit for each other. */
  readonly family?: string;
  /** Every surface form that names this skill, the display name included. */
  readonly aliases: readonly string[];
  /** Skills that having this one proves (React → JavaScript), direct only; see impliedSkills(). */
  readonly implies: readonly string[];
  /** Skills close enough for partial credit but not implied. */
  readonly related: readonly string[];
}

export interface SkillMention {
  skillId: string;
  /** The text as written, e.g. "ReactJS". */
  text: string;
  /** UTF-16 offsets into the input: text === input.slice(start, end). */
  start: number;
  end: number;
}

export interface DisciplineShare {
  discipline: Discipline;
  /** Fraction of the discipline-bearing skills, 0..1; shares sum to 1. */
  share: number;
}
