/**
 * Requirement extraction from a job description: pure, no I/O. Used by jobs (postings) and matching
 * (a user's own requirements texts).
 */
import { Seniority } from '@hiregraph/platform/graphql/seniority';
import { RemotePolicy } from './remote-policy.js';
import { taxonomySeams, type ExtractionSeams, type ParsedSalary } from './seams.js';

/** A posting as it arrives (API input or an importer's normalized item). */
export interface PostingText {
  title: string;
  description: string;
  /** Structured fields win over what the text says. */
  requiredSkills?: string[];
  preferredSkills?: string[];
  qualifications?: string[];
  responsibilities?: string[];
  years?: number | null;
  seniority?: Seniority | null;
  remote?: RemotePolicy | null;
  salaryText?: string | null;
  /** Free-text location: "Remote", "Berlin (hybrid)"… read for the remote policy. */
  locationText?: string | null;
}

export interface ExtractedRequirements {
  years: number | null;
  seniority: Seniority | null;
  remote: RemotePolicy | null;
  requiredSkills: string[];
  preferredSkills: string[];
  qualifications: string[];
  responsibilities: string[];
  salary: ParsedSalary | null;
}

/** Requirements v1: structured fields first, then what the title and description say. */
export function extractRequirements(
  posting: PostingText,
  seams: ExtractionSeams = taxonomySeams,
): ExtractedRequirements {
  const sections = splitSections(posting.description);
  const requiredText = sections.required.join('\n');
  const preferredText = sections.preferred.join('\n');
  // Without headings, the whole description states what is required.
  const requiredSource = sections.found ? requiredText : sections.unsorted.join('\n');
  const required = unique([
    ...(posting.requiredSkills ?? []).map(seams.normalizeSkill),
    ...seams.extractSkills(requiredSource),
  ]);
  const preferred = unique([
    ...(posting.preferredSkills ?? []).map(seams.normalizeSkill),
    ...seams.extractSkills(preferredText),
  ]).filter((skill) => !required.includes(skill));
  return {
    years: posting.years ?? extractYears(posting.description),
    seniority: posting.seniority ?? extractSeniority(posting.title, posting.description),
    remote:
      posting.remote ??
      extractRemotePolicy([posting.title, posting.locationText ?? '', posting.description].join('\n')),
    requiredSkills: required.filter(Boolean),
    preferredSkills: preferred.filter(Boolean),
    qualifications: unique([...(posting.qualifications ?? []), ...sections.requiredItems]),
    responsibilities: unique([...(posting.responsibilities ?? []), ...sections.responsibilityItems]),
    salary: extractSalary(posting, seams),
  };
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
};
const AMOUNT = String.raw`(\d{1,2}|${Object.keys(NUMBER_WORDS).join('|')})`;
const YEARS = String.raw`(?:years?|yrs?)`;
// Not the upper bound of a range ("3-5 years" asks for 3).
const NOT_UPPER_BOUND = String.raw`(?<!\w[^\S\n]*(?:-|–|—|\bto)[^\S\n]*)`;
const YEAR_PATTERNS = [
  // "5+ years", "5 + yrs"
  new RegExp(String.raw`${NOT_UPPER_BOUND}\b${AMOUNT}\s*\+\s*${YEARS}`, 'gi'),
  // "3-5 years", "3 to 5 years": the lower bound
  new RegExp(String.raw`\b${AMOUNT}\s*(?:-|–|—|to)\s*${AMOUNT}\s*\+?\s*${YEARS}`, 'gi'),
  // "at least two years", "minimum of 4 years", "more than 3 years"
  new RegExp(
    String.raw`\b(?:at least|minimum(?: of)?|min\.?|over|more than|no less than)\s+${AMOUNT}\s*${YEARS}`,
    'gi',
  ),
  // "4 years of experience", "4 years of professional software experience"
  new RegExp(
    String.raw`${NOT_UPPER_BOUND}\b${AMOUNT}\s*${YEARS}\s+(?:of\s+)?(?:[\w/+#.-]+\s+){0,4}?experience`,
    'gi',
  ),
];

function amountOf(token: string): number {
  return /^\d+$/.test(token) ? Number(token) : NUMBER_WORDS[token.toLowerCase()];
}

/** Minimum years of experience asked for: the largest lower bound stated, or null. */
export function extractYears(text: string): number | null {
  let years: number | null = null;
  for (const pattern of YEAR_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const value = amountOf(match[1]);
      if (value > 0 && value <= 30 && (years === null || value > years)) years = value;
    }
  }
  return years;
}

/** Most senior first, so "Senior Staff Engineer" is PRINCIPAL and "Senior Team Lead" is LEAD. */
const TITLE_SENIORITY: [RegExp, Seniority][] = [
  [/\b(head of|vp|vice president|director|chief|cto|cio|ceo)\b/i, Seniority.EXECUTIVE],
  [/\b(principal|staff|distinguished|architect)\b/i, Seniority.PRINCIPAL],
  [/\b(lead|team lead|tech lead|manager)\b/i, Seniority.LEAD],
  [/(\bsenior\b|\bsr\b\.?)/i, Seniority.SENIOR],
  [/\b(mid|mid-level|intermediate)\b/i, Seniority.MID],
  [/(\bjunior\b|\bjr\b\.?|\bentry[- ]level\b|\bgraduate\b)/i, Seniority.JUNIOR],
  [/\b(intern|internship|trainee)\b/i, Seniority.INTERN],
];
/** In a description only explicit level phrases count; "senior engineers on the team" does not. */
const DESCRIPTION_SENIORITY: [RegExp, Seniority][] = [
  [/\b(internship|intern position)\b/i, Seniority.INTERN],
  [/\b(entry[- ]level|junior[- ]level|new grad(uate)?s? welcome)\b/i, Seniority.JUNIOR],
  [/\bmid[- ]level\b/i, Seniority.MID],
  [/\bsenior[- ]level\b/i, Seniority.SENIOR],
];

export function extractSeniority(title: string, description = ''): Seniority | null {
  for (const [pattern, seniority] of TITLE_SENIORITY) if (pattern.test(title)) return seniority;
  for (const [pattern, seniority] of DESCRIPTION_SENIORITY) if (pattern.test(description)) return seniority;
  return null;
}

/** Hybrid wins over remote (a hybrid posting usually says "remote" too); on-site only when nothing else. */
export function extractRemotePolicy(text: string): RemotePolicy | null {
  if (/\b(no remote|not remote|remote work is not)\b/i.test(text)) return RemotePolicy.NONE;
  if (/\bhybrid\b/i.test(text)) return RemotePolicy.HYBRID;
  if (/\b(fully remote|100% remote|remote[- ]first|work from anywhere|remote)\b/i.test(text)) {
    return RemotePolicy.FULL;
  }
  if (/\b(on[- ]?site|in[- ]office|in the office)\b/i.test(text)) return RemotePolicy.NONE;
  return null;
}

type SectionKind = 'required' | 'preferred' | 'responsibilities' | 'other';

// Checked in this order: "Preferred qualifications" is preferred, not required.
const HEADINGS: [RegExp, SectionKind][] = [
  [
    /\b(nice[- ]to[- ]haves?|preferred|bonus|pluses|plus|good to have|desirable|extra credit)\b/i,
    'preferred',
  ],
  [
    /\b(requirements?|required|must[- ]haves?|qualifications|what you('ll)? (need|bring)|what we('re)? looking for|who you are|you have|skills)\b/i,
    'required',
  ],
  [
    /\b(responsibilities|what you('ll)? do|the role|duties|your mission|day[- ]to[- ]day|you will)\b/i,
    'responsibilities',
  ],
  [/\b(about|benefits|perks|we offer|company|culture|salary|compensation|how to apply)\b/i, 'other'],
];

const BULLET = /^\s*(?:[-*•·]|\d+[.)])\s+/;

const BARE_HEADING =
  /^((?:key |minimum |basic |preferred |desired |job )?(?:requirements|qualifications|responsibilities|skills)|required skills|must[- ]haves?|nice[- ]to[- ]haves?|bonus points|what you(?:'ll)? (?:do|need|bring))$/i;

function headingOf(line: string): SectionKind | null {
  const trimmed = line.trim();
  const markdown =
    /^#{1,6}\s+(.+)$/.exec(trimmed) ?? /^\*\*(.+?)\*\*:?$/.exec(trimmed) ?? /^__(.+?)__:?$/.exec(trimmed);
  // A plain short line ending in a colon ("Must have:") is a heading too.
  const colon = !markdown && !BULLET.test(trimmed) && /^([^:]{2,60}):$/.exec(trimmed);
  // A line that is nothing but a usual heading ("Requirements", "Nice to have") is one too: PDFs and
  // Word files keep headings as plain lines, without markdown or a colon.
  const bare = !markdown && !colon && BARE_HEADING.exec(trimmed);
  const text = markdown?.[1] ?? (colon ? colon[1] : bare ? bare[1] : null);
  if (text === null || text.split(/\s+/).length > 8) return null;
  for (const [pattern, kind] of HEADINGS) if (pattern.test(text)) return kind;
  return 'other';
}

interface Sections {
  found: boolean;
  required: string[];
  preferred: string[];
  unsorted: string[];
  requiredItems: string[];
  responsibilityItems: string[];
}

/** Lines of the description by the section heading above them; inline "…is a plus" lines are preferred. */
export function splitSections(description: string): Sections {
  const sections: Sections = {
    found: false,
    required: [],
    preferred: [],
    unsorted: [],
    requiredItems: [],
    responsibilityItems: [],
  };
  let current: SectionKind | null = null;
  for (const line of description.split(/\r?\n/)) {
    const heading = headingOf(line);
    if (heading) {
      current = heading;
      if (heading === 'required' || heading === 'preferred') sections.found = true;
      continue;
    }
    if (!line.trim()) continue;
    const inlinePreferred =
      /\b(is a plus|a plus|nice to have|bonus points?|preferred|would be great)\b/i.test(line);
    const item = BULLET.test(line) ? line.replace(BULLET, '').trim() : null;
    if (current === 'preferred' || inlinePreferred) {
      sections.preferred.push(line);
    } else if (current === 'required') {
      sections.required.push(line);
      if (item) sections.requiredItems.push(item);
    } else {
      if (current === 'responsibilities' && item) sections.responsibilityItems.push(item);
      sections.unsorted.push(line);
    }
  }
  if (sections.preferred.length > 0) sections.found = true;
  return sections;
}

const SALARY_HINT = /[$€£¥]|\b(USD|EUR|GBP|CAD|AUD|CHF|salary|compensation|pay range|per hour|\/h(ou)?r)\b/i;

function extractSalary(posting: PostingText, seams: ExtractionSeams): ParsedSalary | null {
  if (posting.salaryText) return seams.parseSalary(posting.salaryText);
  for (const line of posting.description.split(/\r?\n/)) {
    if (!SALARY_HINT.test(line)) continue;
    const salary = seams.parseSalary(line);
    if (salary) return salary;
  }
  return null;
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))];
}
