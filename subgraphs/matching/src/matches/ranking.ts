/**
 * Hybrid ranking of a job for a resume: pure functions, no I/O. The score blends readable signals
 * (skill coverage on taxonomy-normalized skills, experience, title, discipline, location, salary)
 * with semantic similarity, which alone bunches in a narrow band and is only one signal here.
 * Discipline mismatch and junk postings are multiplicative penalties, so no amount of wording
 * overlap can lift a nursing posting into a backend engineer's top matches. Freshness is a
 * tie-breaker worth at most half a point.
 */
import {
  disciplineAffinity,
  disciplineOf,
  extractSkillIds,
  extractSkills,
  getSkill,
  impliedSkills,
  normalizeSkill,
  relatedness,
  type Discipline,
  type DisciplineShare,
} from '@hiregraph/skills/taxonomy';
import { calibratedScore } from './calibration.js';
import type {
  JobProfile,
  OwnerPreferences,
  RemotePolicy,
  ResumeChunk,
  ResumeProfile,
  Seniority,
} from './profiles.js';

export type Verdict = 'STRONG' | 'GOOD' | 'PARTIAL' | 'WEAK';

export interface Evidence {
  /** The requirement (canonical skill id) this proves. */
  skill: string;
  chunkId: string;
  kind: string;
  /** The whole chunk text. */
  text: string;
  /** The words that name the skill: text.slice(start, end). */
  quote: string;
  start: number;
  end: number;
}

export interface MatchComponents {
  semantic: number;
  skills: number;
  requiredCoverage: number | null;
  /** Requirement credit weighted by how much the posting stresses each one (see requirementStress). */
  stressedCoverage: number | null;
  experience: number | null;
  title: number | null;
  discipline: number | null;
  location: number | null;
  salary: number | null;
  junk: number;
  freshness: number;
  /** The hand-weighted blend of the signals above (0–1, before calibration). */
  blend: number;
  /** Role family of the titles (backend, frontend, nursing…): 1 same, partial for neighbours. */
  roleFamily?: number | null;
  /** Share of the posting's non-skill requirements (years, degree, languages) the resume shows. */
  qualifications?: number | null;
}

/** A posting requirement that is not a taxonomy skill, and what the resume says about it. */
export interface QualificationCheck {
  kind: 'YEARS' | 'DEGREE' | 'LANGUAGE' | 'LICENCE';
  /** As the posting states it, e.g. "5+ years", "Master's degree", "German", "California licence". */
  requirement: string;
  /** MET / UNMET from the resume's own words or figures; UNVERIFIED when it says nothing either way. */
  status: 'MET' | 'UNMET' | 'UNVERIFIED';
  /** The resume's words that decide it, when there are some. */
  quote?: string;
}

/** Where a candidate came from (set by the caller that fused the channels; see search.ts). */
export interface RetrievalSignals {
  /** 1-based rank in the vector channel, null when only the lexical channel found it. */
  vectorRank: number | null;
  lexicalRank: number | null;
  /** Reciprocal rank fusion score of both channels. */
  fused: number;
}

/**
 * Raw, unweighted signals behind the score, for calibration and evaluation (they do not change the
 * score by being read). Nulls are "not known for this pair".
 */
export interface RankingSignals extends Partial<RetrievalSignals> {
  /** The semantic value passed in (already rescaled by the caller). */
  semantic: number;
  resumeRoleFamily: string | null;
  jobRoleFamily: string | null;
  roleFamilyFit: number | null;
  titleOverlap: number | null;
  /** Posting level minus resume level (INTERN 0 … EXECUTIVE 6); negative: the posting is below. */
  seniorityGap: number | null;
  qualificationsMet: number;
  qualificationsUnmet: number;
  qualificationsUnverified: number;
  /** A people-management posting for a resume that shows no management. */
  managementGap?: boolean;
  /** A part-time posting for a resume that shows no wish for part-time work. */
  partTimeGap?: boolean;
  /** None of the stack the posting's title names is in the resume. */
  mainStackGap?: boolean;
}

export interface RankedMatch {
  score: number;
  verdict: Verdict;
  matchedSkills: string[];
  missingSkills: string[];
  recommendation: string;
  evidence: Evidence[];
  components: MatchComponents;
  /** Non-skill requirements (years, degrees, languages) and whether the resume shows them. */
  qualifications: QualificationCheck[];
  signals: RankingSignals;
}

const SENIORITY_LEVELS: Record<Seniority, number> = {
  INTERN: 0,
  JUNIOR: 1,
  MID: 2,
  SENIOR: 3,
  LEAD: 4,
  PRINCIPAL: 5,
  EXECUTIVE: 6,
};

// Title words that state a level; checked most senior first.
const TITLE_LEVELS: [RegExp, number][] = [
  [/\b(chief|cto|cfo|ceo|coo|vp|vice president|director|head of)\b/i, 6],
  [/\b(principal|distinguished)\b/i, 5],
  [/\b(staff|lead|manager|architect)\b/i, 4],
  [/\b(senior|sr\.?)\b/i, 3],
  [/\b(mid|intermediate|ii)\b/i, 2],
  [/\b(junior|jr\.?|entry[- ]level|graduate|associate)\b/i, 1],
  [/\b(intern|internship|trainee|apprentice)\b/i, 0],
];

// Professions a title names when its words hold no taxonomy skill ("Sales Manager").
const TITLE_DISCIPLINES: [RegExp, Discipline][] = [
  [/\b(sales|account executive|business development|sdr|bdr)\b/i, 'sales'],
  [/\b(nurse|nursing|physician|doctor|caregiver|pharmacist|therapist|medical|clinical)\b/i, 'healthcare'],
  [/\b(marketing|seo|copywriter|brand)\b/i, 'marketing'],
  [/\b(accountant|accounting|bookkeeper|finance|financial|auditor|controller)\b/i, 'finance'],
  [/\b(recruiter|hr|human resources|talent)\b/i, 'hr'],
  [/\b(teacher|tutor|instructor|lecturer|professor)\b/i, 'education'],
  [/\b(lawyer|attorney|paralegal|legal|counsel)\b/i, 'legal'],
  [/\b(support|customer service|help ?desk)\b/i, 'customer-support'],
  [/\b(designer|ux|ui)\b/i, 'design'],
  [/\b(devops|sre|site reliability|platform engineer|infrastructure)\b/i, 'devops'],
  [/\b(data scientist|data engineer|data analyst|machine learning|ml engineer)\b/i, 'data'],
  [/\b(software|developer|programmer|backend|frontend|full[- ]?stack|engineer)\b/i, 'software-engineering'],
  [/\b(warehouse|driver|logistics|operations)\b/i, 'operations'],
];

// Role nouns that mean the same job in titles.
const TITLE_SYNONYMS: Record<string, string> = {
  developer: 'engineer',
  dev: 'engineer',
  programmer: 'engineer',
  swe: 'engineer',
  engineering: 'engineer',
  'back-end': 'backend',
  'front-end': 'frontend',
  fullstack: 'full-stack',
};
const TITLE_NOISE = new Set([
  'senior',
  'sr',
  'junior',
  'jr',
  'mid',
  'lead',
  'staff',
  'principal',
  'ii',
  'iii',
  'i',
  'of',
  'and',
  'the',
  'a',
  'for',
  'm',
  'f',
  'd',
  'w',
  'remote',
  'hybrid',
  'intern',
  'level',
  'entry',
  'to',
  'in',
  'at',
  '-',
]);

/**
 * Role families a title names, checked in order (the first match wins, so "Full-Stack" before
 * "Frontend"). A family's group holds the families that share a trade: a backend resume and a
 * full-stack posting are neighbours, a backend resume and a nursing posting that shares words
 * ("on-call", "systems", "engineer" in "sales engineer") are not.
 */
const ROLE_FAMILIES: { family: string; group: string; pattern: RegExp }[] = [
  {
    family: 'sales-engineering',
    group: 'sales',
    pattern:
      /\b(sales|solutions?|pre-?sales) engineer|\bsolutions? architect|\bdeveloper (advocate|relations)/i,
  },
  // Practical nursing and assistive care (a licence below an RN's or none), and animal care: they share a unit's words, not the licence.
  {
    family: 'nursing-support',
    group: 'healthcare',
    pattern:
      /\b(nursing assistant|nurse aide|cna|lpn|lvn|licensed (practical|vocational) nurse|patient care (tech|technician|assistant)|pct|home health aide|medical assistant|caregiver)\b/i,
  },
  { family: 'veterinary', group: 'animal-care', pattern: /\b(veterinar\w*|vet tech\w*|animal care)\b/i },
  {
    family: 'administrative',
    group: 'administrative',
    pattern:
      /\b(clerk|data entry|receptionist|administrative assistant|executive assistant|office (manager|assistant|coordinator)|secretary)\b/i,
  },
  {
    family: 'technical-writing',
    group: 'writing',
    pattern: /\b(technical writer|documentation (writer|specialist|engineer)|content writer|editor)\b/i,
  },
  { family: 'recruiting', group: 'hr', pattern: /\b(recruiter|talent acquisition|sourcer)\b/i },
  // Engineers of other trades, and roles whose title holds a software word but are not software work.
  {
    family: 'other-engineering',
    group: 'engineering',
    pattern:
      /\b(civil|mechanical|electrical|chemical|structural|process|manufacturing|field service|hvac|maintenance|sound|audio|environmental|biomedical|industrial|hardware|automotive|aerospace) engineer/i,
  },
  {
    family: 'support',
    group: 'support',
    pattern: /\b(support engineer|technical support|it support|help ?desk|service desk)\b/i,
  },
  { family: 'security-guard', group: 'operations', pattern: /\bsecurity (guard|officer)\b/i },
  {
    family: 'engineering-management',
    group: 'software',
    pattern: /\bengineering manager|\bhead of engineering|\bvp,? engineering|\bcto\b/i,
  },
  { family: 'security', group: 'software', pattern: /\b(cloud|application|network|information) security\b/i },
  // Site building in a CMS or store builder: a trade of its own beside software engineering.
  {
    family: 'web-cms',
    group: 'software',
    pattern:
      /\b(wordpress|drupal|joomla|shopify|webflow|squarespace|wix|hubspot cms|cms) (developer|engineer|designer|specialist)\b/i,
  },
  { family: 'full-stack', group: 'software', pattern: /\bfull[- ]?stack\b/i },
  {
    family: 'frontend',
    group: 'software',
    pattern: /\b(front[- ]?end|ui engineer|web developer|react developer)\b/i,
  },
  { family: 'mobile', group: 'software', pattern: /\b(mobile|ios|android|flutter|react native)\b/i },
  {
    family: 'data-science',
    group: 'data',
    pattern: /\b(data scientist|machine learning|ml engineer|ai engineer|research scientist)\b/i,
  },
  { family: 'data-engineering', group: 'data', pattern: /\b(data engineer|analytics engineer|etl)\b/i },
  {
    family: 'data-analysis',
    group: 'data',
    pattern: /\b(data analyst|business intelligence|bi analyst|business analyst|analytics)\b/i,
  },
  {
    family: 'devops',
    group: 'software',
    pattern:
      /\b(devops|devsecops|sre|site reliability|platform engineer|infrastructure|cloud (engineer|operations)|kubernetes|build (and|&) release|release engineer|systems administrator|sysadmin)\b/i,
  },
  { family: 'security', group: 'software', pattern: /\b(security|penetration|appsec|soc analyst)\b/i },
  { family: 'qa', group: 'software', pattern: /\b(qa|quality assurance|test engineer|sdet|tester)\b/i },
  { family: 'backend', group: 'software', pattern: /\b(back[- ]?end|api engineer|server[- ]side)\b/i },
  { family: 'software', group: 'software', pattern: /\b(software|developer|programmer|swe|engineer)\b/i },
  { family: 'design', group: 'design', pattern: /\b(designer|ux|ui\/ux|product design)\b/i },
  { family: 'product', group: 'product', pattern: /\bproduct (manager|owner|lead)\b/i },
  {
    family: 'project',
    group: 'product',
    pattern: /\b(project manager|program manager|scrum master|delivery manager)\b/i,
  },
  { family: 'nursing', group: 'healthcare', pattern: /\b(nurse|nursing|rn|lpn|cna|midwife)\b/i },
  {
    family: 'physician',
    group: 'healthcare',
    pattern: /\b(physician|doctor|surgeon|md|resident|hospitalist)\b/i,
  },
  {
    family: 'allied-health',
    group: 'healthcare',
    pattern:
      /\b(pharmacist|pharmacy technician|therapist|caregiver|medical assistant|dental|phlebotomist|radiolog\w*|paramedic)\b/i,
  },
  {
    family: 'sales',
    group: 'sales',
    pattern: /\b(sales|account executive|account manager|business development|sdr|bdr)\b/i,
  },
  {
    family: 'marketing',
    group: 'marketing',
    pattern: /\b(marketing|seo|copywriter|content|brand|growth)\b/i,
  },
  {
    family: 'finance',
    group: 'finance',
    pattern: /\b(accountant|accounting|bookkeeper|finance|financial|auditor|controller|payroll)\b/i,
  },
  { family: 'hr', group: 'hr', pattern: /\b(recruiter|hr|human resources|talent|people partner)\b/i },
  { family: 'education', group: 'education', pattern: /\b(teacher|tutor|instructor|lecturer|professor)\b/i },
  { family: 'legal', group: 'legal', pattern: /\b(lawyer|attorney|paralegal|legal|counsel)\b/i },
  {
    family: 'support',
    group: 'support',
    pattern: /\b(support|customer service|help ?desk|customer success)\b/i,
  },
  {
    family: 'operations',
    group: 'operations',
    pattern: /\b(warehouse|driver|logistics|operations|forklift|courier)\b/i,
  },
  // Analysts no family above names (cost, pricing, FinOps…): analysis work, not engineering.
  { family: 'analyst', group: 'data', pattern: /\banalyst\b/i },
];
// Families of one group that are close: a backend engineer can do full-stack or platform work.
const NEIGHBOUR_FAMILIES: Record<string, Record<string, number>> = {
  backend: {
    'full-stack': 0.8,
    software: 0.85,
    // Running infrastructure is another specialty than building the product on it: recruiters
    // screen an application developer and a DevOps engineer for different jobs.
    devops: 0.3,
    'data-engineering': 0.55,
    frontend: 0.35,
    mobile: 0.35,
  },
  frontend: { 'full-stack': 0.8, software: 0.75, mobile: 0.55, backend: 0.35, design: 0.3 },
  'full-stack': { backend: 0.8, frontend: 0.8, software: 0.85, mobile: 0.45, devops: 0.25 },
  software: {
    backend: 0.85,
    frontend: 0.75,
    'full-stack': 0.85,
    mobile: 0.7,
    devops: 0.45,
    qa: 0.5,
    'data-engineering': 0.55,
    security: 0.5,
    'engineering-management': 0.5,
  },
  devops: { backend: 0.3, software: 0.5, security: 0.45, 'full-stack': 0.25 },
  // A practical nurse, nursing assistant or patient care technician holds a licence below an RN's
  // or none: a step down no registered nurse is put forward for, though the unit's words are the same.
  nursing: {
    'nursing-support': 0.15,
    // Allied-health trades (respiratory, physical, occupational therapy, pharmacy, imaging) and
    // medicine share a unit's clinical words but each needs its own degree and licence: a nurse
    // cannot be hired as one, as an application developer can be a DevOps engineer's colleague.
    'allied-health': 0.1,
    physician: 0.1,
  },
  'data-engineering': { backend: 0.55, 'data-science': 0.55, 'data-analysis': 0.5, software: 0.55 },
  'data-science': { 'data-engineering': 0.55, 'data-analysis': 0.6 },
  'data-analysis': { 'data-science': 0.6, 'data-engineering': 0.5, analyst: 0.6 },
  'engineering-management': { software: 0.6, backend: 0.55, 'full-stack': 0.55 },
};

/**
 * The role family a title names, or null when it names none. The role comes first in a title and
 * what follows a dash or bracket qualifies it ("Account Executive - DevOps Platform" sells,
 * "Technical Recruiter - Cloud" recruits), so the head decides when it names a family.
 */
export function roleFamilyOf(title: string): { family: string; group: string } | null {
  const head = title.split(/\s[-–—|:]\s|\s?\(/)[0];
  const found =
    ROLE_FAMILIES.find(({ pattern }) => pattern.test(head)) ??
    ROLE_FAMILIES.find(({ pattern }) => pattern.test(title));
  return found ? { family: found.family, group: found.group } : null;
}

/** The multiplier a role-family fit puts on the score: 0.65 another trade, 0.7–1 across specialties. */
export function roleFamilyFactor(fit: number): number {
  if (fit < 0.2) return 0.65;
  return Math.min(1, 0.7 + (0.3 * (fit - 0.2)) / 0.4);
}

/** How well two role families fit: 1 same, neighbours partly, same group a little, else ~0. */
export function roleFamilyAffinity(
  held: { family: string; group: string },
  wanted: { family: string; group: string },
): number {
  if (held.family === wanted.family) return 1;
  const neighbour =
    NEIGHBOUR_FAMILIES[held.family]?.[wanted.family] ?? NEIGHBOUR_FAMILIES[wanted.family]?.[held.family];
  if (neighbour !== undefined) return neighbour;
  if (held.group === wanted.group) return 0.3;
  return 0.05;
}

const SPAM_PATTERNS = [
  /\b(earn|make)\s+\$?\d[\d,]*\+?\s*(\/|per|a)\s*(day|week|hour)\b/i,
  /\bno experience (needed|required)\b.*\b(earn|cash|income)\b/i,
  /\bunlimited (earning|income)\b/i,
  /\b(whatsapp|telegram)\b/i,
  /\b(click here|act now|limited spots|be your own boss|mlm|pyramid|crypto giveaway|guaranteed income)\b/i,
  /[!$]{3,}/,
];

export const VERDICT_THRESHOLDS: Record<Exclude<Verdict, 'WEAK'>, number> = {
  STRONG: 80,
  GOOD: 65,
  PARTIAL: 45,
};

const WEIGHTS = {
  skills: 0.36,
  semantic: 0.2,
  experience: 0.14,
  title: 0.1,
  discipline: 0.1,
  location: 0.05,
  salary: 0.05,
} as const;

const clamp01 = (value: number) => Math.max(0, Math.min(1, value));

/** A skill name or id as its canonical id; unknown names keep a lower-case slug. */
export function canonicalSkill(name: string): string {
  return normalizeSkill(name)?.id ?? name.trim().toLowerCase().replace(/\s+/g, '-');
}

interface ChunkMention {
  chunk: ResumeChunk;
  skillId: string;
  quote: string;
  start: number;
  end: number;
}

/** A resume's derived facts, computed once and reused for every job it is ranked against. */
export interface PreparedResume {
  profile: ResumeProfile;
  /** Skills the resume names (skills list and text). */
  skills: ReadonlySet<string>;
  /** Skills named in the chunks' text, with where (evidence). */
  mentions: Map<string, ChunkMention[]>;
  disciplines: DisciplineShare[];
  level: number | null;
  years: number | null;
  titleTokens: Set<string>[];
  /** Role families of the titles held, most recent first. */
  roleFamilies?: { family: string; group: string }[];
}

export interface PreparedJob {
  profile: JobProfile;
  required: string[];
  preferred: string[];
  disciplines: DisciplineShare[];
  level: number | null;
  titleTokens: Set<string>;
  junk: number;
  /** How much the posting stresses each requirement (required/preferred skill id → weight). */
  stress: Map<string, number>;
  roleFamily?: { family: string; group: string } | null;
  /** Skills the title names: the posting's main stack ("Full-Stack Developer (Elixir / Phoenix)"). */
  titleSkills?: string[];
}

function titleTokens(title: string): Set<string> {
  const tokens = title
    .toLowerCase()
    .split(/[^a-z0-9+#.-]+/)
    .map((token) => token.replace(/^[.-]+|[.-]+$/g, ''))
    .filter((token) => token !== '' && !TITLE_NOISE.has(token))
    .map((token) => TITLE_SYNONYMS[token] ?? token);
  return new Set(tokens);
}

function levelFromTitle(title: string): number | null {
  for (const [pattern, level] of TITLE_LEVELS) if (pattern.test(title)) return level;
  return null;
}

function levelFromYears(years: number): number {
  if (years < 1) return 0.5;
  if (years < 3) return 1;
  if (years < 6) return 2;
  if (years < 10) return 3;
  return 4;
}

function titleDisciplines(title: string): DisciplineShare[] {
  const found = TITLE_DISCIPLINES.find(([pattern]) => pattern.test(title));
  return found ? [{ discipline: found[1], share: 1 }] : [];
}

export function prepareResume(profile: ResumeProfile): PreparedResume {
  const mentions = new Map<string, ChunkMention[]>();
  for (const chunk of profile.chunks) {
    for (const mention of extractSkills(chunk.text)) {
      const list = mentions.get(mention.skillId) ?? [];
      list.push({
        chunk,
        skillId: mention.skillId,
        quote: mention.text,
        start: mention.start,
        end: mention.end,
      });
      mentions.set(mention.skillId, list);
    }
  }
  const skills = new Set<string>([
    ...profile.skills.map(canonicalSkill),
    ...extractSkillIds(profile.markdown),
    ...mentions.keys(),
  ]);
  const years = profile.totalYears ?? null;
  const titleLevel = profile.titles.length > 0 ? levelFromTitle(profile.titles[0]) : null;
  // A stated title wins over years (a 12-year "Junior" is rare; a 4-year "Lead" is real).
  const level = titleLevel ?? (years !== null ? levelFromYears(years) : null);
  let disciplines = disciplineOf(skills);
  if (disciplines.length === 0 || disciplines[0].discipline === 'general') {
    disciplines = profile.titles.length > 0 ? titleDisciplines(profile.titles[0]) : disciplines;
  }
  return {
    profile,
    skills,
    mentions,
    disciplines,
    level,
    years,
    titleTokens: profile.titles.map(titleTokens).filter((tokens) => tokens.size > 0),
    roleFamilies: profile.titles
      .map(roleFamilyOf)
      .filter((family): family is { family: string; group: string } => family !== null),
  };
}

// People-management roles: the title names a manager, head, director or supervisor and the text
// gives them people to hire, evaluate or lead. An individual contributor is a stretch for one.
const MANAGER_TITLE = /\b(manager|head of|director|supervisor|vp|vice president)\b/i;
const PEOPLE_MANAGEMENT =
  /\b(direct reports?|people manager|hire, |hiring (and|,)|hire and (develop|grow|retain)|performance (reviews?|evaluations?)|evaluate (and|,)? ?\w* ?staff|discipline staff|manage (a|the) team|lead (a|the) team of|team of \d+|\d+ (rns|nurses|engineers|people|staff)|staffing plans?)\b/i;
const HELD_MANAGEMENT =
  /\b(manager|head of|director|supervisor|vp|vice president|chief|charge nurse|team lead|team leader)\b/i;

/** Whether a posting is a people-management role: a managing title and managing responsibilities. */
export function managesPeople(job: JobProfile): boolean {
  const head = job.title.split(/\s[-–—|:]\s|\s?\(/)[0];
  // A product or project manager manages a product or a plan, not people.
  if (/\b(product|project|program|account|case|property) manager\b/i.test(head)) return false;
  return MANAGER_TITLE.test(head) && PEOPLE_MANAGEMENT.test(job.description);
}

/** Whether the resume shows people management (a held title that leads others). */
export function heldManagement(resume: ResumeProfile): boolean {
  return resume.titles.some((title) => HELD_MANAGEMENT.test(title));
}

// Part-time as the job's own terms ("a part-time developer", "Part-time: 24 hours/week"), not a
// benefits line about part-time staff.
const PART_TIME =
  /\bpart[- ]time\b(?!\s+(employees|staff|team members|workers|students|and full|\/ ?full|or full))/i;

/** Whether the posting offers part-time work (title or the text's own terms). */
export function offersPartTime(job: JobProfile): boolean {
  return PART_TIME.test(job.title) || PART_TIME.test(job.description.slice(0, 1500));
}

const STACK_CATEGORIES = new Set(['language', 'framework', 'library', 'mobile', 'database']);

/** Whether none of the skills a posting's title names (its main stack) is in the resume, even roughly. */
export function mainStackMissing(resume: PreparedResume, job: PreparedJob): boolean {
  const named = job.titleSkills ?? [];
  return named.length > 0 && named.every((skill) => skillCredit(resume, skill).credit < 0.5);
}

/** Whether the resume says its owner works or seeks part-time work. */
export function seeksPartTime(resume: ResumeProfile): boolean {
  return /\bpart[- ]time\b/i.test(resume.markdown);
}

/** How much a posting looks like junk, 0 (fine) to 1 (certainly junk). */
export function junkScore(job: JobProfile): number {
  const requirementCount = job.requiredSkills.length + job.preferredSkills.length;
  const title = job.title.trim();
  if (title.length < 3) return 1;
  let junk = 0;
  const description = job.description.trim();
  // No structured requirements is suspicious unless the description itself names the skills.
  if (requirementCount === 0) junk += extractSkillIds(job.description).length >= 2 ? 0.1 : 0.35;
  if (description.length < 80) junk += 0.35;
  const text = `${title}\n${description}`;
  if (SPAM_PATTERNS.some((pattern) => pattern.test(text))) junk += 0.6;
  const letters = title.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 8 && letters.replace(/[^A-Z]/g, '').length / letters.length > 0.7) junk += 0.25;
  if (/\p{Extended_Pictographic}/u.test(title)) junk += 0.25;
  return clamp01(junk);
}

export function prepareJob(profile: JobProfile): PreparedJob {
  const required = [...new Set(profile.requiredSkills.map(canonicalSkill))];
  const preferred = [...new Set(profile.preferredSkills.map(canonicalSkill))].filter(
    (id) => !required.includes(id),
  );
  if (required.length === 0) {
    // No structured requirements: the skills the title and description name stand in for them.
    for (const id of extractSkillIds(`${profile.title}\n${profile.description}`)) {
      if (!preferred.includes(id)) required.push(id);
    }
  }
  let disciplines = disciplineOf([...required, ...preferred]);
  const fromTitle = titleDisciplines(profile.title);
  const titleSkills = extractSkillIds(profile.title);
  // The title says what the job is; when it names a profession, it outweighs incidental skills.
  if (titleSkills.length === 0 && fromTitle.length > 0) {
    disciplines = mergeShares(fromTitle, disciplines, 0.6);
  } else if (titleSkills.length > 0) {
    disciplines = mergeShares(disciplineOf(titleSkills), disciplines, 0.5);
  }
  const level = profile.seniority ? SENIORITY_LEVELS[profile.seniority] : levelFromTitle(profile.title);
  return {
    profile,
    required,
    preferred,
    disciplines,
    level,
    titleTokens: titleTokens(profile.title),
    junk: junkScore(profile),
    stress: requirementStress(profile, required, preferred),
    roleFamily: roleFamilyOf(profile.title),
    // Only what is built with (languages, frameworks, libraries, mobile toolkits, databases): a
    // title's "SRE" or "Nursing" names the role, which the role family reads.
    titleSkills: titleSkills.filter((id) => STACK_CATEGORIES.has(getSkill(id)?.category ?? '')),
  };
}

/**
 * How much a posting stresses each requirement: a required skill counts twice a nice-to-have, more
 * with every mention in the text (diminishing), and half as much again when the title names it. A
 * long posting's many nice-to-haves then weigh little each, and a missing skill the posting keeps
 * coming back to weighs a lot.
 */
export function requirementStress(
  profile: JobProfile,
  required: readonly string[],
  preferred: readonly string[],
): Map<string, number> {
  const mentions = new Map<string, number>();
  for (const mention of extractSkills(profile.description))
    mentions.set(mention.skillId, (mentions.get(mention.skillId) ?? 0) + 1);
  const inTitle = new Set(extractSkillIds(profile.title));
  const stress = new Map<string, number>();
  const weigh = (skill: string, base: number) =>
    stress.set(
      skill,
      base * (1 + 0.5 * Math.log1p(mentions.get(skill) ?? 0)) * (inTitle.has(skill) ? 1.5 : 1),
    );
  for (const skill of required) weigh(skill, 2);
  for (const skill of preferred) weigh(skill, 1);
  return stress;
}

function mergeShares(
  primary: DisciplineShare[],
  secondary: DisciplineShare[],
  weight: number,
): DisciplineShare[] {
  if (primary.length === 0) return secondary;
  if (secondary.length === 0) return primary;
  const merged = new Map<Discipline, number>();
  for (const { discipline, share } of primary)
    merged.set(discipline, (merged.get(discipline) ?? 0) + weight * share);
  for (const { discipline, share } of secondary)
    merged.set(discipline, (merged.get(discipline) ?? 0) + (1 - weight) * share);
  return [...merged]
    .map(([discipline, share]) => ({ discipline, share }))
    .sort((left, right) => right.share - left.share);
}

/** How far the resume proves one required skill: 1 named, 0.9 implied by one it names, 0.5 related. */
export function skillCredit(resume: PreparedResume, skill: string): { credit: number; via?: string } {
  if (resume.skills.has(skill)) return { credit: 1, via: skill };
  let best: { credit: number; via?: string } = { credit: 0 };
  for (const own of resume.skills) {
    if (impliedSkills(own).has(skill)) return { credit: 0.9, via: own };
    const related = relatedness(own, skill);
    if (related > best.credit) best = { credit: related * 0.9, via: own };
  }
  return best;
}

/** The posting's level minus the resume's (or the owner's sought level), when both are known. */
export function levelGap(
  resume: PreparedResume,
  job: PreparedJob,
  preferences?: OwnerPreferences | null,
): number | null {
  const level = preferences?.seniority ? SENIORITY_LEVELS[preferences.seniority] : resume.level;
  return job.level !== null && level !== null ? job.level - level : null;
}

/** Experience fit from levels and years: 1 exact, stretching up costs more than stepping down. */
export function experienceFit(
  resume: PreparedResume,
  job: PreparedJob,
  preferences?: OwnerPreferences | null,
): number | null {
  const parts: number[] = [];
  const level = preferences?.seniority ? SENIORITY_LEVELS[preferences.seniority] : resume.level;
  if (job.level !== null && level !== null) {
    const gap = job.level - level;
    const fit =
      Math.abs(gap) < 0.75
        ? 1
        : gap > 0
          ? gap <= 1.5
            ? 0.55
            : gap <= 2.5
              ? 0.15
              : 0
          : gap >= -1.5
            ? 0.7
            : gap >= -2.5
              ? 0.25
              : 0.05;
    parts.push(fit);
  }
  const { yearsMin, yearsMax } = job.profile;
  if (resume.years !== null && (yearsMin != null || yearsMax != null)) {
    let fit = 1;
    if (yearsMin != null && resume.years < yearsMin) {
      fit = clamp01(1 - (yearsMin - resume.years) / Math.max(2, yearsMin));
    } else if (yearsMax != null && resume.years > yearsMax + 4) {
      fit = 0.6;
    }
    parts.push(fit);
  }
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0];
  // A level far off is not made up for by enough years (a senior engineer is no intern).
  return Math.min(0.6 * parts[0] + 0.4 * parts[1], parts[0] + 0.15);
}

/** Title fit: best overlap of the posting's title words with a held or desired title. */
export function titleFit(
  resume: PreparedResume,
  job: PreparedJob,
  preferences?: OwnerPreferences | null,
): number | null {
  const candidates = [...resume.titleTokens, ...(preferences?.desiredTitles ?? []).map(titleTokens)];
  if (job.titleTokens.size === 0 || candidates.length === 0) return null;
  let best = 0;
  for (const tokens of candidates) {
    if (tokens.size === 0) continue;
    let shared = 0;
    for (const token of tokens) if (job.titleTokens.has(token)) shared++;
    best = Math.max(best, (2 * shared) / (tokens.size + job.titleTokens.size));
  }
  return best;
}

/**
 * Role-family fit: the posting title's family against the families of the titles held (the most
 * recent counts fully, older ones a little less) or desired. Null when either side names none.
 */
export function roleFamilyFit(
  resume: PreparedResume,
  job: PreparedJob,
  preferences?: OwnerPreferences | null,
): number | null {
  const wanted = job.roleFamily ?? null;
  // Older titles count when they are the same line of work as the latest one (a backend engineer
  // who was a web developer); a step the person has grown out of (the nursing assistant an RN once
  // was) or a trade they left does not make its postings fit now.
  const [latest, ...older] = resume.roleFamilies ?? [];
  const held = [
    ...(latest ? [{ family: latest, weight: 1 }] : []),
    ...older
      // A catch-all title of the trade ("Software Engineer II") held before a specialty
      // ("Full-Stack Engineer") says nothing about other specialties: it must not make DevOps fit.
      .filter((family) => !(family.family === family.group && latest.group === family.group))
      .filter((family) => roleFamilyAffinity(latest, family) >= 0.2)
      .map((family) => ({ family, weight: 0.85 })),
    ...(preferences?.desiredTitles ?? [])
      .map(roleFamilyOf)
      .filter((family): family is { family: string; group: string } => family !== null)
      .map((family) => ({ family, weight: 1 })),
  ];
  if (!wanted || held.length === 0) return null;
  return Math.max(...held.map(({ family, weight }) => weight * roleFamilyAffinity(family, wanted)));
}

const DEGREES: { level: number; name: string; pattern: RegExp }[] = [
  { level: 3, name: 'PhD', pattern: /\b(ph\.?\s?d|doctorate|doctoral)\b/i },
  {
    level: 2,
    name: "Master's degree",
    pattern: /\b(master'?s?|m\.?sc|m\.s\.|mba|m\.eng|ms in|ms degree|ma in)\b/i,
  },
  {
    level: 1,
    name: "Bachelor's degree",
    pattern:
      /\b(bachelor'?s?|b\.?sc|b\.s\.|b\.a\.|b\.eng|bs in|ba in|bs\/ba|ba\/bs|bs degree|undergraduate degree|university degree|college degree|four-year degree|4-year degree)\b/i,
  },
];
const LANGUAGES = [
  'English',
  'German',
  'French',
  'Spanish',
  'Italian',
  'Portuguese',
  'Dutch',
  'Polish',
  'Swedish',
  'Danish',
  'Norwegian',
  'Finnish',
  'Czech',
  'Russian',
  'Ukrainian',
  'Turkish',
  'Arabic',
  'Hebrew',
  'Hindi',
  'Mandarin',
  'Cantonese',
  'Chinese',
  'Japanese',
  'Korean',
  'Vietnamese',
  'Greek',
  'Romanian',
  'Hungarian',
];
const LANGUAGE_NEED = new RegExp(
  String.raw`\b(?:fluen(?:t|cy)|proficien(?:t|cy)|native|business[- ]level|speak(?:s|ing)?|command of|written and spoken)\b[^.\n]{0,40}?\b(${LANGUAGES.join('|')})\b|\b(${LANGUAGES.join('|')})\b[^.\n]{0,25}?\b(?:fluen(?:t|cy)|proficien(?:t|cy)|speaking|speaker|skills required|is required|required|is a must|C1|C2|B2)\b`,
  'gi',
);
// A degree asked for only as an alternative ("or equivalent experience") is still stated, but
// cannot make the resume fail: unmet becomes unverified.
const DEGREE_ALTERNATIVE = /or (equivalent|comparable|related) (practical |work |professional )?experience/i;

const US_STATES = [
  'Alabama',
  'Alaska',
  'Arizona',
  'Arkansas',
  'California',
  'Colorado',
  'Connecticut',
  'Delaware',
  'Florida',
  'Georgia',
  'Hawaii',
  'Idaho',
  'Illinois',
  'Indiana',
  'Iowa',
  'Kansas',
  'Kentucky',
  'Louisiana',
  'Maine',
  'Maryland',
  'Massachusetts',
  'Michigan',
  'Minnesota',
  'Mississippi',
  'Missouri',
  'Montana',
  'Nebraska',
  'Nevada',
  'New Hampshire',
  'New Jersey',
  'New Mexico',
  'New York',
  'North Carolina',
  'North Dakota',
  'Ohio',
  'Oklahoma',
  'Oregon',
  'Pennsylvania',
  'Rhode Island',
  'South Carolina',
  'South Dakota',
  'Tennessee',
  'Texas',
  'Utah',
  'Vermont',
  'Virginia',
  'Washington',
  'West Virginia',
  'Wisconsin',
  'Wyoming',
  'District of Columbia',
];
const STATE_NAME = new RegExp(String.raw`\b(${US_STATES.join('|')})\b`, 'gi');
// Professional licences (nursing, pharmacy, engineering, trades…), not a driver's licence.
const LICENCE_WORD = /\blicen[cs](e|ed|ure|ing)\b/i;
const NOT_A_PROFESSIONAL_LICENCE = /\bdriver'?s?\b|\bdriving\b/i;
const MULTISTATE = /\b(compact|multi-?state|nlc)\b/i;
const MULTISTATE_REFUSED =
  /\b(not|no|doesn't|does not|don't|do not|cannot|can't)\b[^.\n]{0,60}\b(compact|multi-?state|nlc)\b/i;

export interface LicenceStatement {
  /** US states whose licence the text names. */
  states: string[];
  /** A multistate (compact) licence: held, for a resume; accepted, for a posting. */
  multistate: boolean;
}

/**
 * The state licences a text names: lines that speak of a professional licence, the states they
 * name, and whether a multistate (compact) licence is held or accepted. Null when no line names a
 * state's licence. A licence is granted by a state, so one from another state does not let a
 * person take the job; a compact licence does where the posting accepts it.
 */
export function licenceStatement(text: string): LicenceStatement | null {
  const states = new Set<string>();
  let multistate = false;
  let refused = false;
  for (const line of text.split(/\n|<\/?li>|<br\s*\/?>|;/i)) {
    if (!LICENCE_WORD.test(line) || NOT_A_PROFESSIONAL_LICENCE.test(line)) continue;
    for (const match of line.matchAll(STATE_NAME)) {
      states.add(US_STATES.find((state) => state.toLowerCase() === match[1].toLowerCase())!);
    }
    if (MULTISTATE_REFUSED.test(line)) refused = true;
    else if (MULTISTATE.test(line)) multistate = true;
  }
  if (states.size === 0) return null;
  return { states: [...states], multistate: multistate && !refused };
}

/** The posting's degree and spoken-language requirements, read from its description. */
export function statedQualifications(job: JobProfile): {
  degree: { level: number; name: string; flexible: boolean } | null;
  languages: string[];
} {
  const text = `${job.title}\n${job.description}`;
  let degree: { level: number; name: string; flexible: boolean } | null = null;
  for (const line of text.split(/\n|(?<=[.;])\s+/)) {
    if (
      !/\bdegree|diploma|\bph\.?d|master|bachelor|\bb\.?sc|\bm\.?sc|\bmba\b|\bbs\b|\bba\b|\bms\b/i.test(line)
    )
      continue;
    if (!/\b(degree|diploma|ph\.?d|doctorate)\b|\b(bachelor|master)/i.test(line)) continue;
    // The lowest level a line accepts ("Bachelor's or Master's") is what it requires.
    const levels = DEGREES.filter(({ pattern }) => pattern.test(line));
    if (levels.length === 0) continue;
    const lowest = levels.reduce((left, right) => (right.level < left.level ? right : left));
    if (!degree || lowest.level > degree.level) {
      degree = {
        level: lowest.level,
        name: lowest.name,
        flexible: DEGREE_ALTERNATIVE.test(line) || /\bpreferred|\bplus\b|nice to have/i.test(line),
      };
    }
  }
  const languages = new Set<string>();
  for (const match of text.matchAll(LANGUAGE_NEED)) {
    const language = match[1] ?? match[2];
    if (language) languages.add(language[0].toUpperCase() + language.slice(1).toLowerCase());
  }
  // English in an English posting is the working language, not a requirement worth checking.
  languages.delete('English');
  return { degree, languages: [...languages] };
}

/**
 * The posting's requirements that are not taxonomy skills (years of experience, degrees, spoken
 * languages) checked against the resume: met or unmet where the resume's figures or words decide,
 * otherwise reported as unverified rather than guessed.
 */
export function checkQualifications(resume: PreparedResume, job: PreparedJob): QualificationCheck[] {
  const checks: QualificationCheck[] = [];
  const yearsMin = job.profile.yearsMin;
  if (yearsMin != null && yearsMin > 0) {
    const requirement = `${yearsMin}+ years`;
    if (resume.years === null) checks.push({ kind: 'YEARS', requirement, status: 'UNVERIFIED' });
    else
      checks.push({
        kind: 'YEARS',
        requirement,
        status: resume.years + 0.5 >= yearsMin ? 'MET' : 'UNMET',
        quote: `${Math.round(resume.years * 10) / 10} years`,
      });
  }
  const stated = statedQualifications(job.profile);
  const resumeText = [resume.profile.markdown, ...resume.profile.chunks.map((chunk) => chunk.text)].join(
    '\n',
  );
  if (stated.degree) {
    const held = DEGREES.map((degree) => ({ degree, match: degree.pattern.exec(resumeText) })).filter(
      (found) => found.match !== null,
    );
    const best = held.reduce<(typeof held)[number] | null>(
      (left, right) => (left === null || right.degree.level > left.degree.level ? right : left),
      null,
    );
    const requirement = stated.degree.name;
    if (best && best.degree.level >= stated.degree.level)
      checks.push({ kind: 'DEGREE', requirement, status: 'MET', quote: best.match![0] });
    else if (best && !stated.degree.flexible)
      checks.push({ kind: 'DEGREE', requirement, status: 'UNMET', quote: best.match![0] });
    else checks.push({ kind: 'DEGREE', requirement, status: 'UNVERIFIED' });
  }
  const licence = licenceStatement(job.profile.description);
  if (licence) {
    const requirement = `${licence.states.join(' or ')} licence${licence.multistate ? ' (multistate accepted)' : ''}`;
    const held = licenceStatement(resumeText);
    const heldHere = held?.states.find((state) => licence.states.includes(state));
    if (heldHere) checks.push({ kind: 'LICENCE', requirement, status: 'MET', quote: `${heldHere} licence` });
    else if (held && held.multistate && licence.multistate)
      checks.push({ kind: 'LICENCE', requirement, status: 'MET', quote: 'multistate licence' });
    // A licence from another state does not let a person take the job (until endorsed there).
    else if (held)
      checks.push({
        kind: 'LICENCE',
        requirement,
        status: 'UNMET',
        quote: `${held.states.join(', ')} licence`,
      });
    else checks.push({ kind: 'LICENCE', requirement, status: 'UNVERIFIED' });
  }
  for (const language of stated.languages) {
    const found = new RegExp(`\\b${language}\\b`, 'i').exec(resumeText);
    checks.push(
      found
        ? { kind: 'LANGUAGE', requirement: language, status: 'MET', quote: found[0] }
        : { kind: 'LANGUAGE', requirement: language, status: 'UNVERIFIED' },
    );
  }
  return checks;
}

/**
 * Discipline fit: for each profession the posting asks for, how well the resume's professions
 * transfer (a minor share of the resume counts in proportion), weighted by the posting's shares.
 */
export function disciplineFit(resume: PreparedResume, job: PreparedJob): number | null {
  if (job.disciplines.length === 0 || resume.disciplines.length === 0) return null;
  if (job.disciplines[0].discipline === 'general' || resume.disciplines[0].discipline === 'general')
    return null;
  let fit = 0;
  for (const wanted of job.disciplines) {
    let best = 0;
    for (const held of resume.disciplines) {
      best = Math.max(
        best,
        disciplineAffinity(held.discipline, wanted.discipline) * Math.min(1, held.share * 3),
      );
    }
    fit += wanted.share * best;
  }
  return clamp01(fit);
}

function sameLocation(a: string, b: string): boolean {
  const place = (value: string) => value.toLowerCase().split(',')[0].trim();
  const left = place(a);
  const right = place(b);
  return left !== '' && right !== '' && (left.includes(right) || right.includes(left));
}

const LATIN_AMERICA = [
  'MX',
  'CO',
  'AR',
  'BR',
  'CL',
  'PE',
  'UY',
  'EC',
  'CR',
  'GT',
  'BO',
  'PY',
  'DO',
  'PA',
  'SV',
  'HN',
  'NI',
  'VE',
];
const EUROPEAN_UNION = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
];
// Names a posting gives the place a person must be allowed to work or live in, as country codes.
const WORK_PLACES: [RegExp, string[]][] = [
  [/\bunited states\b/i, ['US']],
  // Upper case only: "us" is a word.
  [/\bU\.?S\.?A?\b/, ['US']],
  [/\b(the )?(united kingdom|uk|great britain|britain)\b/i, ['GB']],
  [/\bcanada\b/i, ['CA']],
  [/\b(eu|e\.u\.|european union|eea)\b/i, EUROPEAN_UNION],
  [/\blatin america|latam\b/i, LATIN_AMERICA],
  [/\bgermany\b/i, ['DE']],
  [/\bfrance\b/i, ['FR']],
  [/\b(the )?netherlands\b/i, ['NL']],
  [/\bireland\b/i, ['IE']],
  [/\bspain\b/i, ['ES']],
  [/\bindia\b/i, ['IN']],
  [/\baustralia\b/i, ['AU']],
  [/\bmexico\b/i, ['MX']],
];
const WORK_RIGHT =
  /\b(?:right|authori[sz]ed|authori[sz]ation|entitled|eligible|eligibility|permitted|permit)\s+to\s+(?:live\s+and\s+)?work\s+in\s+([^.;:\n*()]{2,40})|\b([A-Za-z. ]{2,20}?)\s+work\s+(?:permit|authori[sz]ation|visa)\b|\b(?:must|should)\s+(?:reside|live|be\s+based|be\s+located)\s+in\s+([^.;:\n*()]{2,40})/gi;

/** A location's country: the two-letter code it ends with ("Denver, Colorado, US"), if any. */
export function countryOf(location: string | null | undefined): string | null {
  const last = location?.split(',').pop()?.trim() ?? '';
  return /^[A-Z]{2}$/.test(last) ? last : null;
}

/**
 * The countries a posting says a person must be allowed to work or live in ("right to work in the
 * UK", "valid EU work permit", "must reside in Latin America"), as country codes; empty when it
 * says none.
 */
export function statedWorkCountries(description: string): string[] {
  const countries = new Set<string>();
  for (const match of description.matchAll(WORK_RIGHT)) {
    const place = match[1] ?? match[2] ?? match[3] ?? '';
    for (const [pattern, codes] of WORK_PLACES)
      if (pattern.test(place)) codes.forEach((code) => countries.add(code));
  }
  return [...countries];
}

/**
 * Whether the person may work where the posting is: the posting's country (from its location, or
 * the right to work or residence it demands) against the resume's. Null when either is unknown.
 * A job in another country, or one that demands the right to work there, is out of reach for most
 * people whatever the skills; a remote job of another country that states nothing may still be open.
 */
export function workCountryFit(resume: PreparedResume, job: PreparedJob): number | null {
  const home = countryOf(resume.profile.location);
  if (!home) return null;
  const stated = statedWorkCountries(job.profile.description);
  const located = countryOf(job.profile.location);
  const allowed = stated.length > 0 ? stated : located ? [located] : [];
  if (allowed.length === 0) return null;
  if (allowed.includes(home)) return 1;
  return stated.length > 0 || job.profile.remote !== 'REMOTE' ? 0.05 : 0.5;
}

/** Location and remote fit against what the owner accepts. */
export function locationFit(
  resume: PreparedResume,
  job: PreparedJob,
  preferences?: OwnerPreferences | null,
): number | null {
  // Places the owner names may be abroad (a planned move): then their own list decides.
  if (!preferences?.locations?.length) {
    const country = workCountryFit(resume, job);
    if (country !== null && country < 1) return country;
  }
  const policy: RemotePolicy | null = job.profile.remote ?? null;
  const wanted = preferences?.remote && preferences.remote !== 'ANY' ? preferences.remote : null;
  const places = [
    ...(preferences?.locations ?? []),
    ...(resume.profile.location ? [resume.profile.location] : []),
  ];
  const near = job.profile.location
    ? places.some((place) => sameLocation(place, job.profile.location!))
    : false;
  if (policy === null && !job.profile.location) return null;
  if (policy === 'REMOTE') return wanted === 'ONSITE' ? 0.7 : 1;
  if (wanted === 'REMOTE') return policy === 'HYBRID' ? (near ? 0.45 : 0.1) : near ? 0.3 : 0.05;
  if (places.length === 0 || !job.profile.location) return wanted ? 0.6 : null;
  return near ? 1 : 0.25;
}

/** Salary fit: the posting's top of range against the owner's floor (same currency only). */
export function salaryFit(job: PreparedJob, preferences?: OwnerPreferences | null): number | null {
  const expected = preferences?.salaryMin;
  const salary = job.profile.salary;
  if (!expected || !salary) return null;
  const offered = salary.max ?? salary.min;
  if (!offered) return null;
  if (
    preferences?.salaryCurrency &&
    salary.currency &&
    preferences.salaryCurrency.toUpperCase() !== salary.currency.toUpperCase()
  )
    return null;
  const ratio = offered / expected;
  if (ratio >= 1) return 1;
  if (ratio >= 0.9) return 0.7;
  if (ratio >= 0.75) return 0.35;
  return 0.05;
}

/**
 * Raw cosine similarity rescaled to 0..1. Cosines of one model bunch in a narrow band, so they are
 * placed on a per-model curve (`floor` ≈ unrelated, `ceiling` ≈ as close as real pairs get) and,
 * when a candidate set is at hand, blended with the rank inside that set.
 */
export interface SemanticCalibration {
  floor: number;
  ceiling: number;
}

/** Measured on the local provider: unrelated resume/job pairs ≈ 0–0.1, good pairs 0.45–0.7. */
export const LOCAL_CALIBRATION: SemanticCalibration = { floor: 0.05, ceiling: 0.65 };
/** text-embedding-3-small: unrelated pairs ≈ 0.1–0.2, strong pairs ≈ 0.55–0.7. */
export const OPENAI_CALIBRATION: SemanticCalibration = { floor: 0.15, ceiling: 0.65 };

/**
 * Local GloVe+SIF vectors (common component removed), two-page resume against long postings:
 * other professions ≈ −0.1–0.3, neighbouring roles ≈ 0.4–0.6, good pairs ≈ 0.8–0.9.
 */
export const WORD_VECTOR_CALIBRATION: SemanticCalibration = { floor: 0.2, ceiling: 0.85 };

export function calibrationFor(model: string): SemanticCalibration {
  if (model.startsWith('local-glove')) return WORD_VECTOR_CALIBRATION;
  return model.startsWith('local-') ? LOCAL_CALIBRATION : OPENAI_CALIBRATION;
}

export function rescaleSimilarity(raw: number, calibration: SemanticCalibration): number {
  return clamp01((raw - calibration.floor) / (calibration.ceiling - calibration.floor));
}

/** Rescaled similarities of a candidate set: the curve, blended with the position in the set. */
export function rescaleCandidateSimilarities(raws: number[], calibration: SemanticCalibration): number[] {
  if (raws.length < 5) return raws.map((raw) => rescaleSimilarity(raw, calibration));
  const sorted = [...raws].sort((a, b) => a - b);
  const low = sorted[Math.floor(sorted.length * 0.1)];
  const high = sorted[sorted.length - 1];
  return raws.map((raw) => {
    const curve = rescaleSimilarity(raw, calibration);
    const relative = high > low ? clamp01((raw - low) / (high - low)) : 0.5;
    // The curve keeps an all-bad set from looking good; the relative part separates a bunched set.
    return 0.6 * curve + 0.4 * relative * curve ** 0.5;
  });
}

export function verdictFor(score: number, requiredCoverage: number | null): Verdict {
  if (score >= VERDICT_THRESHOLDS.STRONG && (requiredCoverage ?? 1) >= 0.7) return 'STRONG';
  if (score >= VERDICT_THRESHOLDS.GOOD) return 'GOOD';
  if (score >= VERDICT_THRESHOLDS.PARTIAL) return 'PARTIAL';
  return 'WEAK';
}

/** The chunk that best shows `skill` (or `via`, the skill of the resume's that earns it credit). */
export function evidenceFor(
  resume: PreparedResume,
  skill: string,
  via: string | undefined,
): Evidence | undefined {
  const candidates = [
    ...(resume.mentions.get(skill) ?? []),
    ...(via && via !== skill ? (resume.mentions.get(via) ?? []) : []),
  ];
  if (candidates.length === 0) return undefined;
  // Work shows a skill better than a skills list does.
  const rank = (kind: string) => (/experience|work|project/i.test(kind) ? 0 : /summary/i.test(kind) ? 1 : 2);
  const best = candidates.reduce((left, right) =>
    rank(right.chunk.kind) < rank(left.chunk.kind) ? right : left,
  );
  return {
    skill,
    chunkId: best.chunk.id,
    kind: best.chunk.kind,
    text: best.chunk.text,
    quote: best.quote,
    start: best.start,
    end: best.end,
  };
}

const DISCIPLINE_NAMES: Partial<Record<Discipline, string>> = {
  'software-engineering': 'software engineering',
};
const disciplineName = (discipline: Discipline) =>
  DISCIPLINE_NAMES[discipline] ?? discipline.replace(/-/g, ' ');

export interface RankOptions {
  /** Similarity already rescaled to 0..1 (see rescaleCandidateSimilarities). */
  semantic: number;
  preferences?: OwnerPreferences | null;
  now?: Date;
  /** How the candidate was found (vector/lexical ranks, fused score): recorded in `signals`. */
  retrieval?: RetrievalSignals;
}

export function rankMatch(resume: PreparedResume, job: PreparedJob, options: RankOptions): RankedMatch {
  const matchedSkills: string[] = [];
  const missingSkills: string[] = [];
  const weakSkills: string[] = [];
  const unshownSkills: string[] = [];
  const evidence: Evidence[] = [];
  let requiredCredit = 0;
  let preferredCredit = 0;
  let stressedCredit = 0;
  let stressTotal = 0;
  const consider = (skill: string, required: boolean) => {
    const { credit, via } = skillCredit(resume, skill);
    if (required) requiredCredit += credit;
    else preferredCredit += credit;
    const stress = job.stress.get(skill) ?? (required ? 2 : 1);
    stressedCredit += stress * credit;
    stressTotal += stress;
    if (credit >= 0.9) {
      matchedSkills.push(skill);
      const proof = evidenceFor(resume, skill, via);
      if (proof) evidence.push(proof);
      else unshownSkills.push(skill);
    } else {
      missingSkills.push(skill);
      if (credit > 0) weakSkills.push(skill);
    }
  };
  for (const skill of job.required) consider(skill, true);
  for (const skill of job.preferred) consider(skill, false);

  const requiredCoverage = job.required.length > 0 ? requiredCredit / job.required.length : null;
  const total = 2 * job.required.length + job.preferred.length;
  const skills = total > 0 ? (2 * requiredCredit + preferredCredit) / total : 0.3;

  const titleOverlap = titleFit(resume, job, options.preferences);
  const roleFamily = roleFamilyFit(resume, job, options.preferences);
  const qualifications = checkQualifications(resume, job);
  const decided = qualifications.filter((check) => check.status !== 'UNVERIFIED');
  const components: MatchComponents = {
    semantic: clamp01(options.semantic),
    skills,
    requiredCoverage,
    stressedCoverage: stressTotal > 0 ? stressedCredit / stressTotal : null,
    experience: experienceFit(resume, job, options.preferences),
    // Words in common and the same kind of role: "Backend Developer" fits "Software Engineer, API".
    title:
      roleFamily === null
        ? titleOverlap
        : titleOverlap === null
          ? roleFamily
          : 0.4 * titleOverlap + 0.6 * roleFamily,
    roleFamily,
    qualifications:
      decided.length === 0 ? null : decided.filter((check) => check.status === 'MET').length / decided.length,
    discipline: disciplineFit(resume, job),
    location: locationFit(resume, job, options.preferences),
    salary: salaryFit(job, options.preferences),
    junk: job.junk,
    freshness: 0,
    blend: 0,
  };
  // Unknown components drop out and the known ones share their weight.
  let weighted = 0;
  let weights = 0;
  for (const key of Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[]) {
    const value = components[key];
    if (value === null) continue;
    weighted += WEIGHTS[key] * value;
    weights += WEIGHTS[key];
  }
  let score = 100 * (weighted / weights);
  // Multiplicative penalties: relevance elsewhere cannot buy these back.
  if (components.discipline !== null) {
    score *= components.discipline < 0.2 ? 0.3 + components.discipline : 0.6 + 0.4 * components.discipline;
  }
  // Missing requirements weigh in proportion to how much the posting stresses them, not as a fixed cap.
  if (components.stressedCoverage !== null) score *= 0.85 + 0.15 * components.stressedCoverage;
  if (components.experience !== null && components.experience < 0.2) score *= 0.7;
  // Two or more levels below the resume (a senior engineer and a junior or intern posting): years
  // "met" must not hide that the role is not what this person is looking for.
  const seniorityGap = levelGap(resume, job, options.preferences);
  if (seniorityGap !== null && seniorityGap <= -1.75) score *= seniorityGap <= -2.75 ? 0.65 : 0.75;
  // Another trade altogether (a nurse or sales posting for an engineer), whatever words they share;
  // another specialty of the same trade (DevOps for an application developer, a respiratory
  // therapist for a nurse) less so, and the close neighbours (backend for full-stack) not at all.
  if (roleFamily !== null) score *= roleFamilyFactor(roleFamily);
  // A stated degree, language or state licence the resume shows it lacks: a barrier to being hired
  // at all (a licence from another state, a PhD for a bachelor), not a gap training closes.
  // On the judged set no good or strong fit has one, a tenth of the wrong ones do.
  const qualificationShare = components.qualifications ?? null;
  if (qualificationShare !== null && qualificationShare < 1) score *= 0.75 + 0.25 * qualificationShare;
  // A licence from another state bars the person from the job outright (until endorsed there), as a
  // country they may not work in does, however many other requirements are met.
  if (qualifications.some((check) => check.kind === 'LICENCE' && check.status === 'UNMET')) score *= 0.8;
  if (components.location !== null && components.location < 0.15) score *= 0.6;
  // A people-management role for someone who has never led people, and part-time work for someone
  // whose resume shows no wish for it: a recruiter screens both out before reading the skills.
  const managementGap = managesPeople(job.profile) && !heldManagement(resume.profile);
  if (managementGap) score *= 0.8;
  const partTimeGap = offersPartTime(job.profile) && !seeksPartTime(resume.profile);
  if (partTimeGap) score *= 0.8;
  score *= 1 - 0.85 * job.junk;
  components.blend = clamp01(score / 100);
  // The 0–100 score a person reads: the signals through the mapping fitted on judged postings.
  score = calibratedScore(components);
  // Freshness: at most half a point, fading over 60 days.
  const now = options.now ?? new Date();
  if (job.profile.postedAt) {
    const ageDays = Math.max(0, (now.getTime() - job.profile.postedAt.getTime()) / 86_400_000);
    components.freshness = 0.5 * Math.max(0, 1 - ageDays / 60);
  }
  score = Math.max(0, Math.min(100, score + components.freshness));
  // Two or more levels below the person (a junior posting for a senior) is a stretch at best however
  // well the skills match: a recruiter grades it so, and it is not announced at the default threshold.
  if (seniorityGap !== null && seniorityGap <= -1.75) score = Math.min(score, VERDICT_THRESHOLDS.GOOD - 0.1);
  // The stack the title names is the job's main stack: none of it in the resume (nor anything close)
  // is another stack to learn first, a stretch however many supporting tools are shared. A cap, not a
  // factor in the blend: as a factor it moved the calibration's stretch knot down and lifted the
  // wrong postings' tail with it.
  const mainStackGap = mainStackMissing(resume, job);
  if (mainStackGap) score = Math.min(score, VERDICT_THRESHOLDS.GOOD - 0.1);
  let verdict = verdictFor(score, requiredCoverage);
  if (job.junk >= 0.5 || (components.discipline !== null && components.discipline < 0.2)) verdict = 'WEAK';

  return {
    score: Math.round(score * 10) / 10,
    verdict,
    matchedSkills,
    missingSkills,
    recommendation: recommend(
      resume,
      job,
      components,
      { missingSkills, weakSkills, unshownSkills },
      qualifications,
    ),
    evidence,
    components,
    qualifications,
    signals: {
      ...options.retrieval,
      semantic: options.semantic,
      resumeRoleFamily: resume.roleFamilies?.[0]?.family ?? null,
      jobRoleFamily: job.roleFamily?.family ?? null,
      roleFamilyFit: roleFamily,
      titleOverlap,
      seniorityGap,
      qualificationsMet: qualifications.filter((check) => check.status === 'MET').length,
      qualificationsUnmet: qualifications.filter((check) => check.status === 'UNMET').length,
      qualificationsUnverified: qualifications.filter((check) => check.status === 'UNVERIFIED').length,
      managementGap,
      partTimeGap,
      mainStackGap,
    },
  };
}

function recommend(
  resume: PreparedResume,
  job: PreparedJob,
  components: MatchComponents,
  skills: { missingSkills: string[]; weakSkills: string[]; unshownSkills: string[] },
  qualifications: QualificationCheck[] = [],
): string {
  const notes: string[] = [];
  if (job.junk >= 0.5) notes.push('This posting looks incomplete or spammy; check it before applying.');
  if (
    components.discipline !== null &&
    components.discipline < 0.2 &&
    job.disciplines[0] &&
    resume.disciplines[0]
  ) {
    notes.push(
      `This is a ${disciplineName(job.disciplines[0].discipline)} role; your resume reads as ${disciplineName(resume.disciplines[0].discipline)}.`,
    );
  }
  const missingRequired = skills.missingSkills.filter((skill) => job.required.includes(skill));
  const absent = missingRequired.filter((skill) => !skills.weakSkills.includes(skill));
  const close = missingRequired.filter((skill) => skills.weakSkills.includes(skill));
  if (absent.length > 0) notes.push(`Add, if you have it: ${absent.slice(0, 5).join(', ')} (required).`);
  if (close.length > 0)
    notes.push(`Show direct experience with ${close.slice(0, 5).join(', ')}: you have related skills.`);
  if (skills.unshownSkills.length > 0) {
    notes.push(
      `Emphasize ${skills.unshownSkills.slice(0, 5).join(', ')} in a role or project, not only in a list.`,
    );
  }
  const yearsMin = job.profile.yearsMin;
  if (yearsMin != null && resume.years !== null && resume.years < yearsMin) {
    notes.push(
      `The posting asks for ${yearsMin}+ years; your resume shows ${Math.round(resume.years * 10) / 10}.`,
    );
  } else if (
    components.experience !== null &&
    components.experience < 0.6 &&
    job.level !== null &&
    resume.level !== null
  ) {
    notes.push(
      job.level > resume.level
        ? 'This role is above your current level: stress leadership and scope.'
        : 'This role is below your level.',
    );
  }
  const lacking = qualifications.filter((check) => check.kind !== 'YEARS' && check.status === 'UNMET');
  if (lacking.length > 0)
    notes.push(
      `The posting asks for ${lacking.map((check) => check.requirement).join(', ')}; your resume shows ${lacking.map((check) => check.quote).join(', ')}.`,
    );
  const unverified = qualifications.filter(
    (check) => check.kind !== 'YEARS' && check.status === 'UNVERIFIED',
  );
  if (unverified.length > 0)
    notes.push(
      `Unverified: ${unverified.map((check) => check.requirement).join(', ')} (asked for; not shown in your resume).`,
    );
  const missingPreferred = skills.missingSkills.filter((skill) => job.preferred.includes(skill));
  if (notes.length === 0 && missingPreferred.length > 0) {
    notes.push(`Strong fit; ${missingPreferred.slice(0, 3).join(', ')} would make it stronger.`);
  }
  if (notes.length === 0) notes.push('Strong fit: lead with the matched skills and the evidence for them.');
  return notes.join(' ');
}
