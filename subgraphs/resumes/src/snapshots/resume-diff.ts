import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  SECTION_KEYS,
  SECTION_KINDS,
  type ResumeDocument,
  type SectionKind as SectionKindName,
} from '../resumes/resume-document.js';
import { SectionKind } from '../resumes/resume-document.types.js';

export enum ChangeKind {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  CHANGED = 'CHANGED',
  MOVED = 'MOVED',
}
registerEnumType(ChangeKind, { name: 'ResumeChangeKind' });

@ObjectType({ description: 'One difference between two versions of a resume.' })
export class ResumeChange {
  @Field(() => ChangeKind) kind!: ChangeKind;
  @Field({ description: 'Where: "title", "basics.email", "work[<itemId>]", "sections".' }) path!: string;
  @Field(() => SectionKind, { nullable: true }) section?: SectionKindName;
  @Field(() => ID, { nullable: true }) itemId?: string;
  @Field(() => [String], { description: 'For CHANGED items: the fields that differ.' }) fields!: string[];
}

@ObjectType()
export class ResumeDiff {
  @Field(() => ID) resumeId!: string;
  @Field(() => Int) from!: number;
  @Field(() => Int) to!: number;
  @Field(() => [ResumeChange]) changes!: ResumeChange[];
}

interface Side {
  title: string;
  document: ResumeDocument;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => key !== 'id' && !same(a[key], b[key])).sort();
}

/** Fields and items that differ between two versions; items are matched by id. */
export function diffDocuments(from: Side, to: Side): ResumeChange[] {
  const changes: ResumeChange[] = [];
  if (from.title !== to.title) changes.push({ kind: ChangeKind.CHANGED, path: 'title', fields: [] });
  const a = from.document;
  const b = to.document;
  const { profiles: profilesA, ...basicsA } = a.basics;
  const { profiles: profilesB, ...basicsB } = b.basics;
  for (const field of changedFields(basicsA, basicsB))
    changes.push({ kind: ChangeKind.CHANGED, path: `basics.${field}`, fields: [] });
  changes.push(...diffItems('basics.profiles', undefined, profilesA, profilesB));
  if (!same(a.salaryExpectation, b.salaryExpectation))
    changes.push({ kind: ChangeKind.CHANGED, path: 'salaryExpectation', fields: [] });
  if (!same(a.sections, b.sections)) changes.push({ kind: ChangeKind.CHANGED, path: 'sections', fields: [] });
  for (const kind of SECTION_KINDS) {
    const key = SECTION_KEYS[kind];
    changes.push(...diffItems(key, kind, a[key] as { id: string }[], b[key] as { id: string }[]));
  }
  return changes;
}

function diffItems(
  key: string,
  section: SectionKindName | undefined,
  before: { id: string }[],
  after: { id: string }[],
): ResumeChange[] {
  const changes: ResumeChange[] = [];
  const beforeById = new Map(before.map((item) => [item.id, item]));
  const afterIds = new Set(after.map((item) => item.id));
  const at = (id: string) => ({ path: `${key}[${id}]`, section, itemId: id });
  for (const item of before)
    if (!afterIds.has(item.id)) changes.push({ kind: ChangeKind.REMOVED, ...at(item.id), fields: [] });
  for (const item of after) {
    const old = beforeById.get(item.id);
    if (!old) changes.push({ kind: ChangeKind.ADDED, ...at(item.id), fields: [] });
    else {
      const fields = changedFields(old as Record<string, unknown>, item as Record<string, unknown>);
      if (fields.length) changes.push({ kind: ChangeKind.CHANGED, ...at(item.id), fields });
    }
  }
  const kept = (list: { id: string }[], other: Set<string>) =>
    list.map((i) => i.id).filter((id) => other.has(id));
  const orderBefore = kept(before, afterIds);
  const orderAfter = kept(after, new Set(beforeById.keys()));
  if (!same(orderBefore, orderAfter))
    changes.push({ kind: ChangeKind.MOVED, path: key, section, fields: [] });
  return changes;
}
