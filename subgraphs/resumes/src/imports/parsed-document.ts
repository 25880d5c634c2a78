import { withoutNulls } from '../resumes/resume.service.js';
import type { ParsedResume } from './parse-resume.js';

const ISO_DATE = /^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$/;
const date = (value?: string) => (value && ISO_DATE.test(value) ? value : undefined);

/** The import core's JSON-Resume-shaped result → document input (dates it could not read are left out). */
export function parsedToDocumentInput(parsed: ParsedResume): unknown {
  const { basics } = parsed;
  return withoutNulls({
    basics: { ...basics, profiles: basics.profiles },
    work: parsed.work.map((w) => ({
      name: w.name,
      position: w.position,
      location: w.location,
      startDate: date(w.startDate),
      endDate: w.current ? undefined : date(w.endDate),
      summary: w.summary,
      highlights: w.highlights,
    })),
    education: parsed.education.map((e) => ({
      ...e,
      startDate: date(e.startDate),
      endDate: date(e.endDate),
    })),
    skills: parsed.skills.map((s) => ({ name: s.name, keywords: s.keywords })),
    languages: parsed.languages,
    certificates: parsed.certificates.map((c) => ({ ...c, date: date(c.date) })),
    projects: parsed.projects.map((p) => ({ ...p, startDate: date(p.startDate), endDate: date(p.endDate) })),
    volunteer: parsed.volunteer.map(({ current, ...v }) => ({
      ...v,
      startDate: date(v.startDate),
      endDate: current ? undefined : date(v.endDate),
    })),
    awards: parsed.awards.map((a) => ({ ...a, date: date(a.date) })),
    publications: parsed.publications.map((p) => ({ ...p, releaseDate: date(p.releaseDate) })),
    interests: parsed.interests,
  });
}
