import nlp from 'compromise';
import { extractSkillIds, extractSkills, getSkill, impliedSkills } from '@hiregraph/skills/taxonomy';
import { addUsage, type LlmProvider, type LlmStructuredRequest, type LlmUsage } from './llm.js';

/**
 * What a resume shows: the only facts generated text may claim about its owner. Resume-Matcher's
 * rule — never invent a skill or employer the resume does not show — is checked in code, because a
 * prompt asking the model not to invent is a request, not a guarantee.
 */
export interface ResumeFacts {
  /** Taxonomy ids the resume mentions, plus what they imply (React → JavaScript). */
  skills: ReadonlySet<string>;
  /** Years the resume mentions (dates of positions, degrees, awards). */
  years: ReadonlySet<number>;
  /** The resume's text, lower-cased with collapsed spaces: names and titles are looked up in it. */
  text: string;
}

export type ClaimKind = 'skill' | 'organization' | 'title' | 'degree' | 'date';

export interface ClaimViolation {
  kind: ClaimKind;
  /** The words of the draft that claim it, e.g. "Kubernetes" or "Google". */
  claim: string;
  sentence: string;
}

/** Names the draft may use although the resume does not show them: the target's company and title. */
export interface ClaimAllowances {
  names?: (string | undefined | null)[];
  /** Years that are not claims about the past (the current year in a letter's date). */
  years?: number[];
  /**
   * The draft's language code ("en" when absent). compromise's entity model is English: in German
   * every noun is capitalised and would read as a proper noun, so other languages get the rules only.
   */
  language?: string;
}

const normalize = (text: string) => text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();

/** Facts from the resume's text (its markdown, or its chunks joined). */
export function resumeFactsFromText(text: string): ResumeFacts {
  const skills = new Set<string>();
  for (const id of extractSkillIds(text)) {
    skills.add(id);
    for (const implied of impliedSkills(id)) skills.add(implied);
  }
  const years = new Set<number>();
  for (const match of text.matchAll(/\b(19[5-9]\d|20\d\d)\b/g)) years.add(Number(match[1]));
  return { skills, years, text: normalize(text) };
}

const ROLE_NOUNS =
  'Engineer|Developer|Programmer|Manager|Director|Architect|Scientist|Analyst|Designer|Consultant|Administrator|Specialist|Officer|Lead|Head|President|VP|CTO|CEO|CFO|COO|Founder|Co-founder|Intern|Researcher|Technician';
// Up to three capitalized words before a role noun: "Senior Software Engineer", "Head of Data".
const TITLE = new RegExp(
  `\\b(?:(?:[A-Z][\\w+#.-]*|of|and|&)\\s+){0,3}(?:${ROLE_NOUNS})\\b(?:\\s+of\\s+[A-Z][\\w-]*)?`,
  'g',
);
// A capitalized name after a word that introduces an employer or school.
const ORGANIZATION =
  /\b(?:at|with|for|joined|from|by)\s+((?:[A-Z][\w&.'-]*)(?:\s+(?:[A-Z][\w&.'-]*|of|&))*)/g;
const INSTITUTION =
  /\b((?:[A-Z][\w.'-]*\s+){0,4}(?:University|College|Institute|School|Academy|Polytechnic)(?:\s+of(?:\s+[A-Z][\w.'-]*){1,4})?)\b/g;
const DEGREE_FAMILIES: Record<string, RegExp> = {
  bachelor: /\b(bachelor'?s?|b\.?sc\.?|b\.?s\.|b\.?a\.|b\.?eng\.?|bs|ba|beng|undergraduate degree)\b/i,
  master: /\b(master'?s?|m\.?sc\.?|m\.?s\.|m\.?eng\.?|ms|msc|meng)\b/i,
  mba: /\bmba\b/i,
  doctorate: /\b(ph\.?d\.?|doctorate|doctoral)\b/i,
};
const YEARS_OF_EXPERIENCE = /\b(\d{1,2})\+?\s+years?\b/gi;
// Words that start sentences or name the target generically; capitalized, but no organization.
const NOT_NAMES = new Set([
  'i',
  'the',
  'a',
  'an',
  'my',
  'your',
  'our',
  'this',
  'that',
  'you',
  'we',
  'dear',
  'hiring',
  'team',
  'sincerely',
  'regards',
]);

// Rules beside the entity extraction, for the shapes it misses: "Ex-Amazon", "former Meta
// engineer", "a Stanford graduate", "an MIT alumna", "Google's payments team", "in Microsoft Research".
const NAME = String.raw`[A-Z][\w&.'-]*(?:\s+(?:[A-Z][\w&.'-]*|of|&))*`;
const FORMER_EMPLOYER = new RegExp(
  String.raw`\b(?:[Ee]x|[Ff]ormer(?:ly)?(?:\s+(?:at|with))?)[-\s]+(${NAME})`,
  'g',
);
const ALUMNI = new RegExp(
  String.raw`\b(${NAME})\s+(?:graduate|grad|alumn(?:us|a|i|ae)|alum|dropout|fellow|intern|veteran)\b`,
  'g',
);
const POSSESSIVE_UNIT = new RegExp(
  String.raw`\b(${NAME})['’]s?\s+(?:[\w-]+\s+){0,2}(?:team|group|division|department|org|organization|lab|labs|unit|office|platform|squad)\b`,
  'g',
);
const ORGANIZATION_UNIT = new RegExp(
  String.raw`\bin\s+(${NAME}\s+(?:Research|Labs?|Group|Studios?|Ventures|Capital|Consulting|Health|Bank|Cloud))\b`,
  'g',
);
const CALENDAR =
  /^(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|q[1-4])$/i;
const ROLE_WORD = new RegExp(`^(?:${ROLE_NOUNS}|Senior|Junior|Staff|Principal|Chief)$`, 'i');

/** A candidate name without possessive, leading connectives and trailing punctuation. */
function cleanName(raw: string): string {
  const words = raw
    .replace(/['’]s?$/, '')
    .replace(/[.,;:!?)"”]+$/, '')
    .replace(/^(?:[Ee]x|[Ff]ormer)-/, '')
    .split(/\s+/)
    .filter(Boolean);
  while (words.length && (NOT_NAMES.has(words[0].toLowerCase()) || /^(of|&)$/.test(words[0]))) words.shift();
  while (words.length && (NOT_NAMES.has(words.at(-1)!.toLowerCase()) || /^(of|&)$/.test(words.at(-1)!))) {
    words.pop();
  }
  return words.join(' ').replace(/['’]s$/, '');
}

/** Whether a candidate is no organization claim: a skill, a title, a degree, a date, a common word. */
function notAnOrganization(name: string): boolean {
  if (name.length < 2 || NOT_NAMES.has(name.toLowerCase())) return true;
  const words = name.split(/\s+/);
  if (words.every((word) => CALENDAR.test(word) || ROLE_WORD.test(word) || /^\d/.test(word))) return true;
  if (ROLE_WORD.test(words.at(-1)!)) return true;
  if (Object.values(DEGREE_FAMILIES).some((pattern) => pattern.test(name))) return true;
  // The whole name is a skill ("TypeScript", "AWS Lambda"), not a name that contains one.
  return extractSkills(name).some((mention) => normalize(mention.text) === normalize(name));
}

/**
 * Organization names a sentence mentions: compromise's entity extraction (organizations, and
 * proper-noun phrases that are not places or people) plus the rules above. Places ("relocate to
 * Berlin") and people ("Sincerely, Ada") are no employer claims.
 */
function organizationNames(sentence: string, english: boolean): string[] {
  const found = new Set<string>();
  for (const pattern of [FORMER_EMPLOYER, ALUMNI, POSSESSIVE_UNIT, ORGANIZATION_UNIT]) {
    for (const match of sentence.matchAll(pattern)) found.add(cleanName(match[1]));
  }
  if (english) entityNames(sentence).forEach((name) => found.add(name));
  const names = [...found].filter((name) => name && !notAnOrganization(name));
  // "Harvard Business" inside "Harvard Business School": the longer name is the claim.
  return names.filter((name) => !names.some((other) => other !== name && other.includes(name)));
}

/** compromise's organizations and proper-noun phrases that are not places or people. */
function entityNames(sentence: string): string[] {
  const doc = nlp(sentence);
  const places = new Set(
    doc
      .places()
      .out('array')
      .map((text: string) => cleanName(text)),
  );
  const people = new Set(
    doc
      .people()
      .out('array')
      .map((text: string) => cleanName(text)),
  );
  const found: string[] = [];
  for (const text of doc.organizations().out('array') as string[]) found.push(cleanName(text));
  for (const text of doc.match('#ProperNoun+').out('array') as string[]) {
    const name = cleanName(text);
    if (!places.has(name) && !people.has(name)) found.push(name);
  }
  return found;
}

function sentencesOf(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[A-Z0-9"“(])/))
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

function shown(facts: ResumeFacts, allowed: string[], phrase: string): boolean {
  const wanted = normalize(phrase);
  return wanted === '' || facts.text.includes(wanted) || allowed.some((name) => name.includes(wanted));
}

/** Every claim in `draft` about the candidate that the resume does not show. */
export function findClaimViolations(
  draft: string,
  facts: ResumeFacts,
  allowances: ClaimAllowances = {},
): ClaimViolation[] {
  const allowed = (allowances.names ?? []).filter((name): name is string => !!name).map(normalize);
  const allowedSkills = new Set(allowed.flatMap((name) => extractSkillIds(name)));
  const allowedYears = new Set(allowances.years ?? []);
  const english = (allowances.language ?? 'en').slice(0, 2).toLowerCase() === 'en';
  const resumeYears = [...facts.years];
  const maxExperience = resumeYears.length ? new Date().getFullYear() - Math.min(...resumeYears) + 1 : 0;
  const violations: ClaimViolation[] = [];
  const seen = new Set<string>();
  const add = (kind: ClaimKind, claim: string, sentence: string) => {
    const key = `${kind}:${normalize(claim)}:${sentence}`;
    if (seen.has(key)) return;
    seen.add(key);
    violations.push({ kind, claim: claim.trim(), sentence });
  };
  for (const sentence of sentencesOf(draft)) {
    for (const mention of extractSkills(sentence)) {
      if (!facts.skills.has(mention.skillId) && !allowedSkills.has(mention.skillId)) {
        add('skill', getSkill(mention.skillId)?.name ?? mention.text, sentence);
      }
    }
    for (const match of sentence.matchAll(ORGANIZATION)) {
      const words = match[1].split(/\s+/);
      // "at Acme I built…": a trailing pronoun or connective is no part of the name.
      while (words.length && (/^(of|&)$/.test(words.at(-1)!) || NOT_NAMES.has(words.at(-1)!.toLowerCase()))) {
        words.pop();
      }
      if (words.length === 0) continue;
      const name = cleanName(words.join(' '));
      if (NOT_NAMES.has(name.toLowerCase()) || extractSkillIds(name).length > 0) continue;
      if (!shown(facts, allowed, name)) add('organization', name, sentence);
    }
    for (const name of organizationNames(sentence, english)) {
      if (!shown(facts, allowed, name)) add('organization', name, sentence);
    }
    for (const match of sentence.matchAll(INSTITUTION)) {
      const name = match[1].replace(/^(?:The|A|An|At|From)\s+/, '');
      if (!shown(facts, allowed, name)) add('organization', name, sentence);
    }
    for (const match of sentence.matchAll(TITLE)) {
      const title = match[0].replace(/^(?:(?:As|A|An|The|My|Our|Your|I|And|Of)\s+)+/, '');
      // A lone role noun ("Engineer") is no claim about a specific title.
      if (!title.includes(' ') && !/^(CTO|CEO|CFO|COO|VP)$/.test(title)) continue;
      if (!shown(facts, allowed, title)) add('title', title, sentence);
    }
    for (const [family, pattern] of Object.entries(DEGREE_FAMILIES)) {
      const claimed = sentence.match(pattern);
      if (claimed && !pattern.test(facts.text) && !allowed.some((name) => pattern.test(name))) {
        add('degree', claimed[0] || family, sentence);
      }
    }
    for (const match of sentence.matchAll(/\b(19[5-9]\d|20\d\d)\b/g)) {
      const year = Number(match[1]);
      if (!facts.years.has(year) && !allowedYears.has(year)) add('date', match[1], sentence);
    }
    for (const match of sentence.matchAll(YEARS_OF_EXPERIENCE)) {
      if (Number(match[1]) > maxExperience) add('date', match[0], sentence);
    }
  }
  return violations;
}

/** The draft without the sentences that hold a violation (line breaks between paragraphs kept). */
export function removeViolatingSentences(draft: string, violations: ClaimViolation[]): string {
  const bad = new Set(violations.map((violation) => violation.sentence));
  return draft
    .split(/\n/)
    .map((line) =>
      line
        .split(/(?<=[.!?])\s+(?=[A-Z0-9"“(])/)
        .filter((sentence) => !bad.has(sentence.trim()))
        .join(' ')
        .trim(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export interface GuardedGeneration<T> {
  value: T;
  usage: LlmUsage;
  provider: string;
  /** Each claim a draft made that the resume does not show ("skill: Kubernetes"), deduplicated. */
  claimsRemoved: string[];
  regenerated: boolean;
}

/**
 * Generates, checks the text against the resume's facts, regenerates once with the violations
 * listed, and removes the sentences that still violate. `textsOf` names the generated texts to
 * check; `withTexts` puts cleaned texts back in the same order.
 */
export async function generateWithoutInventedClaims<T>(options: {
  provider: LlmProvider;
  request: LlmStructuredRequest<T>;
  fallback: (request: LlmStructuredRequest<T>) => T;
  facts: ResumeFacts;
  allowances?: ClaimAllowances;
  textsOf: (value: T) => string[];
  withTexts: (value: T, texts: string[]) => T;
}): Promise<GuardedGeneration<T>> {
  const { provider, request, fallback, facts, allowances, textsOf, withTexts } = options;
  const check = (value: T) => textsOf(value).map((text) => findClaimViolations(text, facts, allowances));
  const claims = new Set<string>();
  const note = (violations: ClaimViolation[][]) => {
    for (const violation of violations.flat()) claims.add(`${violation.kind}: ${violation.claim}`);
  };

  const first = await provider.generate(request, fallback);
  let usage = first.usage;
  let value = first.value;
  let violations = check(value);
  let regenerated = false;
  if (violations.some((list) => list.length > 0)) {
    note(violations);
    regenerated = true;
    const listed = violations
      .flat()
      .map((violation) => `- ${violation.kind} "${violation.claim}"`)
      .join('\n');
    const second = await provider.generate(
      {
        ...request,
        user: `${request.user}\n\nA previous draft claimed things the resume does not show:\n${listed}\nWrite it again using only facts from the resume.`,
      },
      fallback,
    );
    usage = addUsage(usage, second.usage);
    value = second.value;
    violations = check(value);
  }
  if (violations.some((list) => list.length > 0)) {
    note(violations);
    const texts = textsOf(value).map((text, index) => removeViolatingSentences(text, violations[index]));
    value = withTexts(value, texts);
  }
  return { value, usage, provider: first.provider, claimsRemoved: [...claims], regenerated };
}
