/**
 * The judged matching set (test/corpus/matching): hand-written JSON Resumes, real-style postings in
 * the JSON Resume job shape `importJobs` (format JSON_RESUME) reads, and a recruiter's 0–3 grade of
 * every posting for every resume. The grades were written by people reading the postings, never by
 * the ranker: this loader only reads and checks the files, so an evaluation can feed them through
 * the public API unchanged (`postingsFeed` is the exact `data` of an importJobs call).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../paths.js';

export const JUDGED_SET_DIR = path.join(REPO_ROOT, 'test', 'corpus', 'matching');

/** 3 strong fit (would interview), 2 good fit, 1 stretch or partial, 0 wrong. */
export type Grade = 0 | 1 | 2 | 3;
export const GRADES: readonly Grade[] = [0, 1, 2, 3];

/** One posting as the JSON Resume job schema spells it; `id` becomes the job's externalId. */
const postingSchema = z.object({
  id: z.string().regex(/^jm-\d{3}$/),
  title: z.string().min(3),
  company: z.string().min(2),
  type: z.string().min(3),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  location: z
    .object({ city: z.string().optional(), region: z.string().optional(), countryCode: z.string().length(2) })
    .optional(),
  remote: z.enum(['Full', 'Hybrid', 'None']).optional(),
  salary: z.string().min(1).optional(),
  url: z.url(),
  // A few real ads are a short paragraph; the test holds the median up.
  description: z.string().min(200),
});
export type JudgedPosting = z.infer<typeof postingSchema>;

const gradeSchema = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);
const gradesFileSchema = z.object({
  scale: z.record(z.string(), z.string()),
  grades: z.record(z.string(), z.record(z.string(), gradeSchema)),
  /** The grader's one-line reason, for every grade above 0 and for the traps among the 0s. */
  notes: z.record(z.string(), z.record(z.string(), z.string().min(10))),
});

/** The JSON Resume fields the set relies on; everything else passes through untouched. */
const resumeSchema = z.looseObject({
  basics: z.looseObject({ name: z.string().min(1), label: z.string().min(1), summary: z.string().min(1) }),
  work: z
    .array(z.looseObject({ name: z.string(), position: z.string(), highlights: z.array(z.string()) }))
    .min(1),
  education: z.array(z.looseObject({ institution: z.string() })).min(1),
  skills: z.array(z.looseObject({ name: z.string(), keywords: z.array(z.string()) })).min(1),
  certificates: z.array(z.looseObject({ name: z.string() })).optional(),
});
export type JudgedResume = { id: string; resume: z.infer<typeof resumeSchema> };

export interface JudgedSet {
  resumes: JudgedResume[];
  postings: JudgedPosting[];
  /** grades[resumeId][postingId] */
  grades: Record<string, Record<string, Grade>>;
  /** notes[resumeId][postingId]: why the grader gave that grade. */
  notes: Record<string, Record<string, string>>;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** Reads the set and checks its shape, failing with the file and field that are wrong. */
export function loadJudgedSet(dir: string = JUDGED_SET_DIR): JudgedSet {
  const resumeDir = path.join(dir, 'resumes');
  const resumes = readdirSync(resumeDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      id: name.replace(/\.json$/, ''),
      resume: parseOrThrow(resumeSchema, readJson(path.join(resumeDir, name)), `resumes/${name}`),
    }));
  const postings = parseOrThrow(
    z.array(postingSchema),
    readJson(path.join(dir, 'postings.json')),
    'postings.json',
  );
  const { grades, notes } = parseOrThrow(
    gradesFileSchema,
    readJson(path.join(dir, 'grades.json')),
    'grades.json',
  );
  return { resumes, postings, grades: grades as JudgedSet['grades'], notes };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${file}: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** The `data` of an `importJobs(input: { format: JSON_RESUME, … })` call holding every posting. */
export function postingsFeed(set: JudgedSet): string {
  return JSON.stringify(set.postings);
}

/** How many postings a resume has of each grade, indexed by grade. */
export function gradeCounts(set: JudgedSet, resumeId: string): [number, number, number, number] {
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (const grade of Object.values(set.grades[resumeId] ?? {})) counts[grade]++;
  return counts;
}
