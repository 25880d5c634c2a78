import type { ResumeFacts } from '@hiregraph/ai/claims';
import { extractSkillIds, getSkill, normalizeSkill, relatedness } from '@hiregraph/skills/taxonomy';
import type { ResumeDocument } from '../resumes/resume-document.js';

/** A summary's upper bound (the document schema's long text). */
const MAX_SUMMARY_LENGTH = 10_000;
const REQUIRED_WEIGHT = 2;
const PREFERRED_WEIGHT = 1;

/** What the target asks for: canonical skill id → weight (required 2, preferred 1), in the target's order. */
export type AskedSkills = Map<string, number>;

/** Target skills (canonical ids or names, as producers send them) → weighted canonical ids. */
export function askedSkills(target: { requiredSkills: string[]; preferredSkills: string[] }): AskedSkills {
  const asked: AskedSkills = new Map();
  const add = (skills: string[], weight: number) => {
    for (const skill of skills) {
      const id = getSkill(skill)?.id ?? normalizeSkill(skill)?.id;
      if (id && (asked.get(id) ?? 0) < weight) asked.set(id, weight);
    }
  };
  add(target.requiredSkills, REQUIRED_WEIGHT);
  add(target.preferredSkills, PREFERRED_WEIGHT);
  return asked;
}

/**
 * How much `text` speaks to what is asked: for each asked skill, its weight times how close the
 * text's nearest skill comes (1 the same, 0.5 implied or related; see `relatedness`).
 */
export function relevance(text: string, asked: AskedSkills): number {
  const mentioned = extractSkillIds(text);
  if (mentioned.length === 0) return 0;
  let score = 0;
  for (const [id, weight] of asked) {
    score += weight * Math.max(...mentioned.map((skill) => relatedness(skill, id)));
  }
  return score;
}

/** Most relevant first; equally relevant items keep their order (Array.prototype.sort is stable). */
function byRelevance<T>(items: readonly T[], textOf: (item: T) => string, asked: AskedSkills): T[] {
  const scored = items.map((item) => ({ item, score: relevance(textOf(item), asked) }));
  return scored.sort((a, b) => b.score - a.score).map(({ item }) => item);
}

/**
 * The document with skills (groups and their keywords) and each experience's and project's
 * highlights ordered by relevance to the target. Nothing is added, removed or reworded.
 */
export function reorderForTarget(document: ResumeDocument, asked: AskedSkills): ResumeDocument {
  const skills = document.skills.map((group) => ({
    ...group,
    keywords: byRelevance(group.keywords, (keyword) => keyword, asked),
  }));
  return {
    ...document,
    skills: byRelevance(skills, (group) => [group.name ?? '', ...group.keywords].join(', '), asked),
    work: document.work.map((item) => ({
      ...item,
      highlights: byRelevance(item.highlights, (highlight) => highlight, asked),
    })),
    projects: document.projects.map((item) => ({
      ...item,
      highlights: byRelevance(item.highlights, (highlight) => highlight, asked),
    })),
  };
}

/** The asked skills the resume shows, most wanted first, by name. */
export function shownAskedSkills(asked: AskedSkills, facts: ResumeFacts): string[] {
  return [...asked]
    .filter(([id]) => facts.skills.has(id))
    .sort((a, b) => b[1] - a[1])
    .map(([id]) => getSkill(id)?.name ?? id);
}

const listed = (names: string[]) =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** The position held most recently: a current one first, then the latest start. */
function latestWork(document: ResumeDocument) {
  return [...document.work]
    .filter((item) => item.position)
    .sort((a, b) => {
      if (!a.endDate !== !b.endDate) return a.endDate ? 1 : -1;
      return (b.startDate ?? '').localeCompare(a.startDate ?? '');
    })[0];
}

// The template's own sentences, so tailoring again replaces an earlier lead instead of stacking one.
const LEAD_SENTENCE = /^(?:.+ with experience in .+|Experienced in .+|Most recently .+ at .+|[^.]+)\.$/;

function withoutEarlierLead(summary: string): string {
  const [first, ...rest] = summary.trim().split(/\n{2,}/);
  const sentences = first.split(/(?<=\.)\s+/);
  const earlierLead =
    rest.length > 0 &&
    sentences.every((sentence) => LEAD_SENTENCE.test(sentence)) &&
    /with experience in|Experienced in|Most recently/.test(first);
  return (earlierLead ? rest.join('\n\n') : summary).trim();
}

/**
 * The local provider's summary: a lead naming the asked skills the resume shows, the latest
 * position, then the summary the resume had. Every fact comes from the resume.
 */
export function templateSummary(document: ResumeDocument, shownSkills: string[]): string {
  const latest = latestWork(document);
  const role = document.basics.label?.trim() || latest?.position;
  const skills = listed(shownSkills.slice(0, 5));
  const sentences: string[] = [];
  if (role && skills) sentences.push(`${role} with experience in ${skills}.`);
  else if (skills) sentences.push(`Experienced in ${skills}.`);
  else if (role) sentences.push(`${role}.`);
  if (latest?.position && latest.name) sentences.push(`Most recently ${latest.position} at ${latest.name}.`);
  const lead = sentences.join(' ');
  const previous = withoutEarlierLead(document.basics.summary ?? '');
  if (!previous) return lead;
  if (!lead) return previous;
  const combined = `${lead}\n\n${previous}`;
  return combined.length <= MAX_SUMMARY_LENGTH ? combined : lead;
}
