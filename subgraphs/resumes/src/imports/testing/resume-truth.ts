import { parse as parseYaml } from 'yaml';

/**
 * What a corpus resume really says, whatever tool wrote it: the fields the import is judged on
 * (issue #16): name, email, phone, each work/volunteer entry's organisation, position and start
 * year, each education's institution and area, and the skills it lists.
 */
export interface ResumeTruth {
  name?: string;
  email?: string;
  phone?: string;
  work: TruthEntry[];
  volunteer: TruthEntry[];
  education: { institution: string; area?: string }[];
  skills: string[];
}

export interface TruthEntry {
  organisation: string;
  position?: string;
  /** Four digits, e.g. "2021". */
  startYear?: string;
}

/** Loose JSON Resume (https://jsonresume.org/schema): the corpus sources and the synthetic samples. */
export interface JsonResumeLike {
  basics?: { name?: string; email?: string; phone?: string };
  work?: { name?: string; company?: string; position?: string; startDate?: string }[];
  volunteer?: { organization?: string; position?: string; startDate?: string }[];
  education?: { institution?: string; area?: string }[];
  skills?: { name?: string; keywords?: string[] }[];
}

const yearOf = (date: unknown): string | undefined => /\b(1[89]|20)\d\d\b/.exec(String(date ?? ''))?.[0];
const present = (s: unknown): string | undefined =>
  typeof s === 'string' && s.trim() ? s.trim() : undefined;

/** A JSON Resume document → truth. A skill group without keywords lists its name as the skill. */
export function truthFromJsonResume(resume: JsonResumeLike): ResumeTruth {
  return {
    name: present(resume.basics?.name),
    email: present(resume.basics?.email),
    phone: present(resume.basics?.phone),
    work: (resume.work ?? []).flatMap((w) => {
      const organisation = present(w.name ?? w.company);
      return organisation
        ? [{ organisation, position: present(w.position), startYear: yearOf(w.startDate) }]
        : [];
    }),
    volunteer: (resume.volunteer ?? []).flatMap((v) => {
      const organisation = present(v.organization);
      return organisation
        ? [{ organisation, position: present(v.position), startYear: yearOf(v.startDate) }]
        : [];
    }),
    education: (resume.education ?? []).flatMap((e) => {
      const institution = present(e.institution);
      return institution ? [{ institution, area: present(e.area) }] : [];
    }),
    skills: (resume.skills ?? []).flatMap((s) => (s.keywords?.length ? s.keywords : s.name ? [s.name] : [])),
  };
}

/** RenderCV's inline markdown (`**bold**`, `*italic*`, `[text](url)`) as the PDF prints it. */
const plain = (s: unknown): string | undefined =>
  present(
    String(s ?? '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\*\*?([^*]+)\*\*?/g, '$1'),
  );

/** RenderCV section titles are free text; these keys hold entries the import should read. */
const RENDERCV_WORK = /^(experience|work|employment|professional_experience|work_experience)$/i;
const RENDERCV_VOLUNTEER = /^(volunteer|volunteering|activities|leadership|extracurricular)/i;

type RenderCvEntry = Record<string, unknown>;

/**
 * A RenderCV YAML file (https://docs.rendercv.com) → truth: `cv.sections.<experience>` entries
 * (company, position, start_date or date), `education` (institution, area) and `skills` one-line
 * entries (`label: details`, details split on commas).
 */
export function truthFromRenderCvYaml(yaml: string): ResumeTruth {
  const cv = (parseYaml(yaml) as { cv: Record<string, unknown> }).cv;
  const sections = (cv.sections ?? {}) as Record<string, unknown>;
  const truth: ResumeTruth = {
    name: plain(cv.name),
    email: plain(cv.email),
    phone: plain(cv.phone),
    work: [],
    volunteer: [],
    education: [],
    skills: [],
  };
  for (const [title, value] of Object.entries(sections)) {
    const entries = Array.isArray(value) ? (value as unknown[]) : [];
    const objects = entries.filter((e): e is RenderCvEntry => typeof e === 'object' && e !== null);
    const key = title.replace(/\s+/g, '_');
    if (RENDERCV_WORK.test(key) || RENDERCV_VOLUNTEER.test(key)) {
      const list = RENDERCV_WORK.test(key) ? truth.work : truth.volunteer;
      for (const entry of objects) {
        const organisation = plain(entry.company ?? entry.organization ?? entry.name);
        if (!organisation) continue;
        list.push({
          organisation,
          position: plain(entry.position),
          startYear: yearOf(entry.start_date ?? entry.date),
        });
      }
    } else if (/^education$/i.test(key)) {
      for (const entry of objects) {
        const institution = plain(entry.institution);
        if (institution) truth.education.push({ institution, area: plain(entry.area) });
      }
    } else if (/^(skills|technical_skills)$/i.test(key)) {
      for (const entry of objects) {
        const details = plain(entry.details) ?? '';
        truth.skills.push(...details.split(/\s*[,;]\s*/).filter(Boolean));
      }
    }
  }
  return truth;
}
