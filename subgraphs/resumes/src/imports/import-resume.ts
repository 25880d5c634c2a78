import { normalizeSkill } from '@hiregraph/libs/skills/taxonomy';
import { plainTextLines, type ResumeFileKind } from './extract.js';
import { ImportFailure, ResumeImportError } from './import-error.js';
import { extractResumeTextIsolated } from './isolated-extract.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.js';
import { linesToMarkdown } from './markdown.js';
import { parseResume, type ParsedResume } from './parse-resume.js';

/** A skill after the shared taxonomy looked at it (libs/src/skills/ will provide the real one). */
export interface NormalizedSkill {
  /** Canonical id from the taxonomy, when known. */
  id?: string;
  name: string;
  /** The text as the resume wrote it. */
  raw: string;
}

/** The seam for the skills taxonomy: raw names in, canonical skills out. */
export type NormalizeSkills = (rawNames: string[]) => NormalizedSkill[] | Promise<NormalizedSkill[]>;

/** Until the taxonomy lands: trimmed, de-duplicated case-insensitively, nothing canonical. */
export const keepRawSkills: NormalizeSkills = (rawNames) => {
  const seen = new Set<string>();
  return rawNames.flatMap((raw) => {
    const key = raw.trim().toLowerCase();
    if (!key || seen.has(key)) return [];
    seen.add(key);
    return [{ name: raw.trim(), raw }];
  });
};

/**
 * The shared skills taxonomy (libs/src/skills/): each name becomes its canonical skill (name and
 * id) when the taxonomy knows it, else stays as written; one entry per skill.
 */
export const normalizeWithTaxonomy: NormalizeSkills = (rawNames) => {
  const seen = new Set<string>();
  return rawNames.flatMap((raw) => {
    const trimmed = raw.trim();
    if (!trimmed) return [];
    const skill = normalizeSkill(trimmed);
    const key = skill ? `id:${skill.id}` : `raw:${trimmed.toLowerCase()}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [skill ? { id: skill.id, name: skill.name, raw: trimmed } : { name: trimmed, raw: trimmed }];
  });
};

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

/** Pasted text (`importResumeText`). */
export async function importResumeText(text: string, options: ImportOptions = {}): Promise<ImportedResume> {
  const limits = options.limits ?? DEFAULT_IMPORT_LIMITS;
  if (text.length > limits.maxChars)
    throw new ResumeImportError(ImportFailure.TooLong, `more than ${limits.maxChars} characters`);
  const lines = plainTextLines(text);
  if (!lines.some((line) => /[\p{L}\p{N}]/u.test(line.text)))
    throw new ResumeImportError(ImportFailure.Empty);
  return finish(linesToMarkdown(lines), options);
}

async function finish(markdown: string, options: ImportOptions, pageCount?: number): Promise<ImportedResume> {
  const resume = parseResume(markdown);
  const skills = await (options.normalizeSkills ?? keepRawSkills)(resume.skillNames);
  return { markdown, resume, skills, pageCount };
}
