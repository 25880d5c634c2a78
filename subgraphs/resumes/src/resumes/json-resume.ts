import jsonResume from '@jsonresume/schema';
import { badUserInput } from '@hiregraph/platform/errors';
import { parseInput } from '@hiregraph/platform/validation';
import { documentSchema, MAX_SECTION_ITEMS, SECTION_KEYS, type ResumeDocument } from './resume-document.js';

/**
 * JSON Resume (https://jsonresume.org/schema) in and out. Standard fields map one to one; what
 * JSON Resume has no place for (section order and visibility, custom sections, salary expectation)
 * travels in `meta.hiregraph`, and `education[].scoreScale` as an extra property (the schema allows
 * additional properties), so an export imported again gives the same resume. Fields JSON Resume
 * allows but we do not model (`x-*` extensions anywhere, other top-level keys, `meta.*`) are kept
 * as they came (items and basics keep theirs in place, the top level in `extras`) and exported again.
 */

export type JsonResume = Record<string, unknown>;

const JSON_RESUME_SECTIONS = Object.values(SECTION_KEYS).filter((key) => key !== 'custom');
/** Top-level keys with a place in our document (`meta` is merged with ours on export). */
const MODELLED_TOP_LEVEL = new Set<string>(['$schema', 'basics', 'meta', ...JSON_RESUME_SECTIONS]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates with @jsonresume/schema; the first problem is BAD_USER_INPUT naming its path. */
export function validateJsonResume(document: unknown): asserts document is JsonResume {
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw badUserInput('A JSON Resume document is a JSON object', { field: 'document' });
  // Before the schema: validating tens of thousands of entries only to refuse them costs seconds.
  for (const key of JSON_RESUME_SECTIONS) {
    const entries = (document as Record<string, unknown>)[key];
    if (Array.isArray(entries) && entries.length > MAX_SECTION_ITEMS)
      throw badUserInput(
        `Not a valid JSON Resume: ${key} has ${entries.length} entries (at most ${MAX_SECTION_ITEMS})`,
        {
          field: `document.${key}`,
          path: key,
        },
      );
  }
  let problems: { path: (string | number)[]; message: string }[] = [];
  jsonResume.validate(document, (errors) => {
    problems = errors ?? [];
  });
  if (problems.length) {
    const [first] = problems;
    const path = first.path.join('.');
    throw badUserInput(`Not a valid JSON Resume: ${path || 'document'} ${first.message}`, {
      field: path ? `document.${path}` : 'document',
      path,
    });
  }
}

/** A valid JSON Resume → our document (ids assigned, extras from meta.hiregraph restored). */
export function jsonResumeToDocument(json: JsonResume): ResumeDocument {
  const extras = ((json.meta as Record<string, unknown> | undefined)?.hiregraph ?? {}) as Record<
    string,
    unknown
  >;
  const input: Record<string, unknown> = { basics: json.basics ?? {} };
  for (const key of JSON_RESUME_SECTIONS) if (json[key] !== undefined) input[key] = json[key];
  for (const key of ['sections', 'custom', 'salaryExpectation'])
    if (extras[key] !== undefined) input[key] = extras[key];
  const unknown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json))
    if (!MODELLED_TOP_LEVEL.has(key) && value !== undefined) unknown[key] = value;
  if (isObject(json.meta)) {
    const { hiregraph: _ours, lastModified: _stale, ...theirs } = json.meta;
    if (Object.keys(theirs).length) unknown.meta = theirs;
  }
  if (Object.keys(unknown).length) input.extras = unknown;
  return parseInput(documentSchema, input);
}

/** Our document → JSON Resume: no ids, no empty lists or absent fields, extras under meta.hiregraph. */
export function documentToJsonResume(
  doc: ResumeDocument,
  meta: { resumeId: string; version: number; updatedAt: Date },
): JsonResume {
  const { meta: theirMeta, ...theirTopLevel } = doc.extras ?? {};
  const json: JsonResume = {
    $schema: 'https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json',
    basics: clean(doc.basics),
  };
  for (const key of JSON_RESUME_SECTIONS) if (doc[key].length) json[key] = doc[key].map(clean);
  Object.assign(json, theirTopLevel);
  json.meta = {
    version: 'v1.0.0',
    ...(isObject(theirMeta) ? theirMeta : {}),
    lastModified: meta.updatedAt.toISOString().slice(0, 19),
    hiregraph: clean({
      resumeId: meta.resumeId,
      version: meta.version,
      sections: doc.sections,
      custom: doc.custom.length ? doc.custom : undefined,
      salaryExpectation: doc.salaryExpectation,
    }),
  };
  return json;
}

/** Drops item ids, undefined fields and empty lists, recursively. */
function clean(value: unknown): any {
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'id' || field === undefined || (Array.isArray(field) && field.length === 0)) continue;
    out[key] = clean(field);
  }
  return out;
}
