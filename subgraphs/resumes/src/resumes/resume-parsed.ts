import type { EventData } from '@hiregraph/platform/events/catalog';
import { normalizeWithTaxonomy, type NormalizeSkills } from './resume-skills.js';
import type { ResumeDocument } from './resume-document.js';
import type { Resume } from './resume.entity.js';

/**
 * The `resume.parsed` payload: what matching needs without calling back. Chunk ids derive from
 * item ids (`work:<itemId>`), so an edited entry keeps its chunk id and a removed one disappears.
 * Skills go through `normalizeSkills`: the shared taxonomy (libs/skills/src/) by default.
 */
export async function resumeParsedData(
  resume: Resume,
  normalizeSkills: NormalizeSkills = normalizeWithTaxonomy,
  now = new Date(),
): Promise<EventData<'resume.parsed'>> {
  const doc = resume.document;
  const visible = new Set(doc.sections.filter((s) => s.visible).map((s) => s.kind));
  const work = visible.has('WORK') ? doc.work : [];
  const projects = visible.has('PROJECTS') ? doc.projects : [];
  const skillItems = visible.has('SKILLS') ? doc.skills : [];
  const rawSkills = skillItems
    .flatMap((s) => [s.name, ...s.keywords])
    .filter((s): s is string => !!s?.trim());
  const skills = (await normalizeSkills(rawSkills)).map((s) => ({
    name: s.name,
    raw: s.raw,
    ...(s.id ? { id: s.id } : {}),
  }));
  const location = doc.basics.location;
  return {
    resumeId: resume.id,
    ownerId: resume.ownerId,
    version: resume.version,
    markdown: resume.markdown,
    skills,
    work: work.map((w) => ({
      itemId: w.id,
      company: w.name,
      position: w.position,
      startDate: w.startDate,
      endDate: w.endDate,
      current: !!w.startDate && !w.endDate,
    })),
    totalYears: totalYears(work, now),
    education: (visible.has('EDUCATION') ? doc.education : []).map((e) => ({
      itemId: e.id,
      institution: e.institution,
      area: e.area,
      studyType: e.studyType,
      endDate: e.endDate,
    })),
    location: location
      ? { city: location.city, region: location.region, countryCode: location.countryCode }
      : undefined,
    chunks: chunksOf(resume.id, doc.basics.summary, work, projects, skillItems),
  };
}

type Chunk = EventData<'resume.parsed'>['chunks'][number];

function chunksOf(
  resumeId: string,
  summary: string | undefined,
  work: ResumeDocument['work'],
  projects: ResumeDocument['projects'],
  skills: ResumeDocument['skills'],
): Chunk[] {
  const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join('\n');
  const chunks: Chunk[] = [];
  if (summary?.trim()) chunks.push({ id: `summary:${resumeId}`, kind: 'SUMMARY', text: summary.trim() });
  for (const w of work)
    chunks.push({
      id: `work:${w.id}`,
      kind: 'WORK',
      text: join([w.position, w.name].filter(Boolean).join(' at '), w.summary, ...w.highlights),
    });
  for (const p of projects)
    chunks.push({
      id: `project:${p.id}`,
      kind: 'PROJECT',
      text: join(
        p.name,
        p.description,
        ...p.highlights,
        p.keywords.length ? p.keywords.join(', ') : undefined,
      ),
    });
  for (const s of skills)
    chunks.push({ id: `skill:${s.id}`, kind: 'SKILL_GROUP', text: join(s.name, s.keywords.join(', ')) });
  return chunks.filter((chunk) => chunk.text.trim());
}

/** Months as year*12+month; a year alone counts from January (start) or to December (end). */
function monthIndex(date: string | undefined, end: boolean): number | null {
  const match = date?.match(/^(\d{4})(?:-(\d{2}))?/);
  if (!match) return null;
  return Number(match[1]) * 12 + (match[2] ? Number(match[2]) - 1 : end ? 11 : 0);
}

/** Years of experience: the union of work periods (overlaps counted once), one decimal. */
export function totalYears(work: { startDate?: string; endDate?: string }[], now = new Date()): number {
  const nowIndex = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const periods = work
    .map((w) => [monthIndex(w.startDate, false), w.endDate ? monthIndex(w.endDate, true) : nowIndex] as const)
    .filter((p): p is readonly [number, number] => p[0] !== null && p[1] !== null && p[1] >= p[0])
    .sort((a, b) => a[0] - b[0]);
  let months = 0;
  let cursor = -Infinity;
  for (const [start, end] of periods) {
    const from = Math.max(start, cursor);
    if (end + 1 > from) months += end + 1 - from;
    cursor = Math.max(cursor, end + 1);
  }
  return Math.round((months / 12) * 10) / 10;
}
