import { z } from 'zod';
import { newId } from '@hiregraph/platform/ids';
import { SalaryPeriod } from '@hiregraph/platform/graphql/salary-period';

/**
 * The structured resume, stored as one JSONB `document` per resume (and per version in
 * resume_versions). Field names follow the JSON Resume schema (https://jsonresume.org/schema) so an
 * import and an export map one to one; every list item carries a stable `id` (uuid) so items can be
 * edited, reordered, diffed and turned into chunks with ids that survive edits.
 * The schema is checked on every write (`parseDocument`).
 */

/** JSON Resume's partial ISO 8601 date: 2014, 2014-06 or 2014-06-29. */
const isoDate = z
  .string()
  .regex(/^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$/, {
    message: 'Dates are YYYY, YYYY-MM or YYYY-MM-DD',
  });
const text = (max = 500) => z.string().max(max);
const longText = () => z.string().max(10_000);
const list = (max = 50) => z.array(text()).max(max).default([]);
/** Highlights are sentences people write at length (JSON Resume sets no limit): room for a paragraph. */
const highlightList = () => z.array(text(MAX_HIGHLIGHT_CHARS)).max(50).default([]);
const itemId = z.uuid().default(() => newId());
export const MAX_HIGHLIGHT_CHARS = 5000;

/**
 * JSON Resume objects allow additional properties (`x-*` extensions and the like): they are kept as
 * they came so an export gives them back. GraphQL inputs are typed, so only JSON Resume brings them.
 */
const open = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape).catchall(z.unknown());

export const locationSchema = open({
  address: text().optional(),
  postalCode: text(40).optional(),
  city: text(200).optional(),
  countryCode: text(10).optional(),
  region: text(200).optional(),
});

export const profileSchema = open({
  id: itemId,
  network: text(100).optional(),
  username: text(200).optional(),
  url: text(1000).optional(),
});

export const basicsSchema = open({
  name: text(200).optional(),
  label: text(200).optional(),
  image: text(1000).optional(),
  email: text(320).optional(),
  phone: text(100).optional(),
  url: text(1000).optional(),
  summary: longText().optional(),
  location: locationSchema.optional(),
  profiles: z.array(profileSchema).max(50).default([]),
});

export const salaryExpectationSchema = z.object({
  min: z.number().nonnegative().optional(),
  max: z.number().nonnegative().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, { message: 'currency is an ISO 4217 code, e.g. EUR' }),
  period: z.enum(SalaryPeriod),
});

const dated = { startDate: isoDate.optional(), endDate: isoDate.optional() };

export const workSchema = open({
  id: itemId,
  name: text(200).optional(),
  position: text(200).optional(),
  url: text(1000).optional(),
  location: text(200).optional(),
  description: text(1000).optional(),
  ...dated,
  summary: longText().optional(),
  highlights: highlightList(),
});
export const volunteerSchema = open({
  id: itemId,
  organization: text(200).optional(),
  position: text(200).optional(),
  url: text(1000).optional(),
  ...dated,
  summary: longText().optional(),
  highlights: highlightList(),
});
export const educationSchema = open({
  id: itemId,
  institution: text(200).optional(),
  url: text(1000).optional(),
  area: text(200).optional(),
  studyType: text(200).optional(),
  ...dated,
  score: text(50).optional(),
  /** The scale the score is on ("4.0", "100%"); an extension JSON Resume allows (additionalProperties). */
  scoreScale: text(50).optional(),
  courses: list(100),
});
export const awardSchema = open({
  id: itemId,
  title: text(200).optional(),
  date: isoDate.optional(),
  awarder: text(200).optional(),
  summary: longText().optional(),
});
export const certificateSchema = open({
  id: itemId,
  name: text(200).optional(),
  date: isoDate.optional(),
  url: text(1000).optional(),
  issuer: text(200).optional(),
});
export const publicationSchema = open({
  id: itemId,
  name: text(300).optional(),
  publisher: text(200).optional(),
  releaseDate: isoDate.optional(),
  url: text(1000).optional(),
  summary: longText().optional(),
});
export const skillSchema = open({
  id: itemId,
  name: text(200).optional(),
  level: text(100).optional(),
  keywords: list(100),
});
export const languageSchema = open({
  id: itemId,
  language: text(100).optional(),
  fluency: text(100).optional(),
});
export const interestSchema = open({ id: itemId, name: text(200).optional(), keywords: list(100) });
export const referenceSchema = open({
  id: itemId,
  name: text(200).optional(),
  reference: longText().optional(),
});
export const projectSchema = open({
  id: itemId,
  name: text(200).optional(),
  description: longText().optional(),
  highlights: highlightList(),
  keywords: list(100),
  ...dated,
  url: text(1000).optional(),
  roles: list(),
  entity: text(200).optional(),
  type: text(100).optional(),
});
export const customItemSchema = z.object({
  id: itemId,
  title: text(300).optional(),
  subtitle: text(300).optional(),
  date: text(100).optional(),
  summary: longText().optional(),
  highlights: highlightList(),
});
export const customSectionSchema = z.object({
  id: itemId,
  title: text(200).trim().min(1, 'A custom section needs a title'),
  items: z.array(customItemSchema).max(100).default([]),
});

/** The sections a resume lists, in their default order; `basics` is the header, not a section. */
export const SECTION_KINDS = [
  'WORK',
  'VOLUNTEER',
  'EDUCATION',
  'AWARDS',
  'CERTIFICATES',
  'PUBLICATIONS',
  'SKILLS',
  'LANGUAGES',
  'INTERESTS',
  'REFERENCES',
  'PROJECTS',
  'CUSTOM',
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** Each section kind's list in the document (and in JSON Resume, except `custom`). */
export const SECTION_KEYS = {
  WORK: 'work',
  VOLUNTEER: 'volunteer',
  EDUCATION: 'education',
  AWARDS: 'awards',
  CERTIFICATES: 'certificates',
  PUBLICATIONS: 'publications',
  SKILLS: 'skills',
  LANGUAGES: 'languages',
  INTERESTS: 'interests',
  REFERENCES: 'references',
  PROJECTS: 'projects',
  CUSTOM: 'custom',
} as const satisfies Record<SectionKind, string>;
export type SectionKey = (typeof SECTION_KEYS)[SectionKind];

export const ITEM_SCHEMAS = {
  work: workSchema,
  volunteer: volunteerSchema,
  education: educationSchema,
  awards: awardSchema,
  certificates: certificateSchema,
  publications: publicationSchema,
  skills: skillSchema,
  languages: languageSchema,
  interests: interestSchema,
  references: referenceSchema,
  projects: projectSchema,
  custom: customSectionSchema,
} as const satisfies Record<SectionKey, z.ZodType>;

/** Entries one section keeps at most. */
export const MAX_SECTION_ITEMS = 100;
const sectionList = <Schema extends z.ZodType>(schema: Schema) =>
  z.array(schema).max(MAX_SECTION_ITEMS).default([]);

export const sectionSettingSchema = z.object({ kind: z.enum(SECTION_KINDS), visible: z.boolean() });

export const documentSchema = z
  .object({
    basics: basicsSchema.default({ profiles: [] }),
    salaryExpectation: salaryExpectationSchema.optional(),
    /** Every section kind once, in display order, with its visibility. */
    sections: z.array(sectionSettingSchema).default([]),
    work: sectionList(workSchema),
    volunteer: sectionList(volunteerSchema),
    education: sectionList(educationSchema),
    awards: sectionList(awardSchema),
    certificates: sectionList(certificateSchema),
    publications: sectionList(publicationSchema),
    skills: sectionList(skillSchema),
    languages: sectionList(languageSchema),
    interests: sectionList(interestSchema),
    references: sectionList(referenceSchema),
    projects: sectionList(projectSchema),
    custom: z.array(customSectionSchema).max(20).default([]),
    /** Top-level JSON Resume fields we have no place for (`x-*`, `meta` without ours), kept for export. */
    extras: z.record(z.string(), z.unknown()).optional(),
  })
  .transform((doc) => ({ ...doc, sections: completeSections(doc.sections) }))
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    for (const key of Object.values(SECTION_KEYS))
      doc[key].forEach((item: { id: string }, index: number) => {
        if (seen.has(item.id))
          ctx.addIssue({ code: 'custom', message: 'Duplicate item id', path: [key, index, 'id'] });
        seen.add(item.id);
      });
  });

export type ResumeDocument = z.output<typeof documentSchema>;
export type DocumentInput = z.input<typeof documentSchema>;
export type SectionSetting = z.output<typeof sectionSettingSchema>;
export type ResumeItem = ResumeDocument[SectionKey][number];

/** Known kinds in the given order, then any missing ones (visible) in the default order; no duplicates. */
export function completeSections(settings: SectionSetting[]): SectionSetting[] {
  const seen = new Set<SectionKind>();
  const result: SectionSetting[] = [];
  for (const setting of settings) {
    if (seen.has(setting.kind)) continue;
    seen.add(setting.kind);
    result.push(setting);
  }
  for (const kind of SECTION_KINDS) if (!seen.has(kind)) result.push({ kind, visible: true });
  return result;
}

export const emptyDocument = (): ResumeDocument => documentSchema.parse({});

/** Finds the section and index holding an item id. */
export function locateItem(
  doc: ResumeDocument,
  id: string,
): { kind: SectionKind; key: SectionKey; index: number } | null {
  for (const kind of SECTION_KINDS) {
    const key = SECTION_KEYS[kind];
    const index = (doc[key] as { id: string }[]).findIndex((item) => item.id === id);
    if (index >= 0) return { kind, key, index };
  }
  return null;
}

/** The same content with fresh item ids (a copy is a new resume; its chunks must not collide). */
export function withFreshIds(doc: ResumeDocument): ResumeDocument {
  const fresh = <Item extends { id: string }>(item: Item): Item => ({ ...item, id: newId() });
  const copy = structuredClone(doc);
  copy.basics.profiles = copy.basics.profiles.map(fresh);
  for (const key of Object.values(SECTION_KEYS)) (copy[key] as { id: string }[]) = copy[key].map(fresh);
  copy.custom = copy.custom.map((section) => ({ ...section, items: section.items.map(fresh) }));
  return copy;
}
