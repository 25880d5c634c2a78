import {
  normalizeWithTaxonomy,
  type NormalizedSkill,
  type NormalizeSkills,
} from '../resumes/resume-skills.js';
import type { ResumeFileKind } from './extract.js';
import { extractResumeTextIsolated } from './isolated-extract.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.js';
import { parseResume, type ParsedResume } from './parse-resume.js';

export interface ImportedResume {
  markdown: string;
  resume: ParsedResume;
  skills: NormalizedSkill[];
  pageCount?: number;
}

export interface ImportOptions {
  limits?: ImportLimits;
  normalizeSkills?: NormalizeSkills;
}

/** A file (kind from its sniffed media type) → markdown and structured sections; read in a sandbox. */
export async function importResumeFile(
  data: Uint8Array,
  kind: ResumeFileKind,
  options: ImportOptions = {},
): Promise<ImportedResume> {
  const extracted = await extractResumeTextIsolated(data, kind, options.limits ?? DEFAULT_IMPORT_LIMITS);
  return finish(extracted.markdown, options, extracted.pageCount);
}

async function finish(markdown: string, options: ImportOptions, pageCount?: number): Promise<ImportedResume> {
  const resume = parseResume(markdown);
  const skills = await (options.normalizeSkills ?? normalizeWithTaxonomy)(resume.skillNames);
  return { markdown, resume, skills, pageCount };
}
