import { z } from 'zod';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, type AuthContext } from '@hiregraph/platform/auth/guards';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { badUserInput, conflict, notFound } from '@hiregraph/platform/errors';
import { refuseDeletedAccount } from '@hiregraph/platform/db/tombstones';
import { transactionWithEvents, type Emit } from '@hiregraph/platform/events/transaction';
import { removeObjectsWithPrefix, userObjectPrefix } from '@hiregraph/platform/s3';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { paginate, type Connection, type PageArgs } from '@hiregraph/platform/subgraph/pagination';
import { parseInput } from '@hiregraph/platform/validation';
import { ResumeVersion } from './resume-version.entity.js';
import {
  documentSchema,
  ITEM_SCHEMAS,
  locateItem,
  SECTION_KEYS,
  withFreshIds,
  type ResumeDocument,
  type SectionKey,
  type SectionKind,
} from './resume-document.js';
import {
  documentToJsonResume,
  jsonResumeToDocument,
  validateJsonResume,
  type JsonResume,
} from './json-resume.js';
import { ResumeCache } from './resume-cache.js';
import { documentToMarkdown } from './resume-markdown.js';
import { resumeParsedData } from './resume-parsed.js';
import { Resume, ResumeSource, ResumeStatus } from './resume.entity.js';
import type { CreateResumeInput, ResumeItemInput, UpdateResumeInput } from './resume.inputs.js';

const titleField = z.object({ title: z.string().trim().min(1, 'Title is required').max(200) });
/** A title, or BAD_USER_INPUT naming the `title` field. */
const validTitle = (title: string) => parseInput(titleField, { title }).title;
/** Versions kept besides those snapshots name; older ones are pruned on write. */
export const KEPT_VERSIONS = 50;

/** GraphQL gives null for "not given" as often as undefined; the document schema wants undefined. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null && field !== undefined)
      .map(([key, field]) => [key, withoutNulls(field)]),
  );
}

const CONTENT_KEYS = ['basics', 'salaryExpectation', ...Object.values(SECTION_KEYS)] as const;

type Runtime = Pick<SubgraphRuntime, 'outbox' | 'redis' | 'storage' | 'config'>;

/**
 * What other folders keep about resumes (snapshots, attachments, the original upload, share
 * links), removed with them in the same transaction. The removal is handed in (services.ts wires
 * it), so resumes/ depends on none of the folders built on it.
 */
export interface ResumeDependents {
  /** Removes what hangs on `resume`, which is being deleted, in `tx`. */
  removeOfResume(tx: EntityManager, resume: Resume): Promise<void>;
  /** Removes what hangs on every resume of `ownerId`, in `tx`, before the resumes themselves go. */
  removeAllOfOwner(tx: EntityManager, ownerId: string): Promise<void>;
}

/** What a new resume starts as: content and origin, and for imports the PROCESSING state. */
export interface NewResume {
  title: string;
  document: ResumeDocument;
  source: ResumeSource;
  status?: ResumeStatus;
  statusDetail?: string;
  originalFileKey?: string;
}

export class ResumeService {
  private readonly cache: ResumeCache;

  constructor(
    private readonly em: EntityManager,
    private readonly runtime: Runtime,
    private readonly dependents: ResumeDependents,
  ) {
    this.cache = new ResumeCache(runtime.redis);
  }

  /** A resume for the viewer: null if unknown, FORBIDDEN unless owner or admin, cached or not. */
  async read(ctx: AuthContext, id: string): Promise<Resume | null> {
    const resume = await this.cache.readThrough(id, () => this.em.findOne(Resume, { id }));
    if (!resume) return null;
    // On cache hits too: the cache holds data, not permission.
    assertOwnerOrAdmin(ctx, resume.ownerId);
    return resume;
  }

  async create(owner: Viewer, input: CreateResumeInput): Promise<Resume> {
    const title = validTitle(input.title);
    const content = Object.fromEntries(CONTENT_KEYS.map((key) => [key, input[key]]));
    const document = parseInput(documentSchema, withoutNulls(content));
    return this.insert(owner.id, { title, document, source: ResumeSource.MANUAL });
  }

  async importJsonResume(owner: Viewer, json: unknown, title?: string | null): Promise<Resume> {
    validateJsonResume(json);
    const document = jsonResumeToDocument(json);
    const name = document.basics.name?.trim();
    return this.insert(owner.id, {
      title: validTitle(title ?? (name ? `${name} (JSON Resume)` : 'Imported JSON Resume')),
      document,
      source: ResumeSource.JSON_RESUME,
    });
  }

  async exportJsonResume(ctx: AuthContext, id: string): Promise<JsonResume> {
    const resume = await this.read(ctx, id);
    if (!resume) throw notFound('No such resume');
    return documentToJsonResume(resume.document, {
      resumeId: resume.id,
      version: resume.version,
      updatedAt: resume.updatedAt,
    });
  }

  async copy(ctx: AuthContext, id: string, title: string): Promise<Resume> {
    const source = await this.em.findOne(Resume, { id });
    if (!source) throw notFound('No such resume');
    assertOwnerOrAdmin(ctx, source.ownerId);
    return this.insert(source.ownerId, {
      title: validTitle(title),
      document: withFreshIds(source.document),
      source: source.source,
    });
  }

  /**
   * Inserts a resume (the first of its owner becomes the default) with its version 1, emitting
   * resume.created and resume.parsed, or for an import resume.status_changed (PROCESSING);
   * `also` runs in the same transaction (an import claims its upload and queues the work there).
   */
  async insert(
    ownerId: string,
    data: NewResume,
    also?: (tx: EntityManager, emit: Emit, resume: Resume) => Promise<void>,
  ): Promise<Resume> {
    // Not em.create: its typing counts the GraphQL getters (basics, work, …) as properties to give.
    const resume = Object.assign(new Resume(), {
      status: ResumeStatus.PARSED,
      ...data,
      ownerId,
      markdown: documentToMarkdown(data.title, data.document),
    });
    resume.updatedAt = resume.createdAt;
    await transactionWithEvents(this.em, this.runtime.outbox, 'resumes', async (tx, emit) => {
      // Holds the account's lock until commit: creates of one owner run one at a time, so exactly
      // the first becomes the default, and a concurrent account deletion cannot miss this row.
      await refuseDeletedAccount(tx, ownerId);
      resume.isDefault = (await tx.count(Resume, { ownerId })) === 0;
      tx.persist(resume);
      tx.persist(
        tx.create(ResumeVersion, {
          resumeId: resume.id,
          version: 1,
          title: resume.title,
          document: resume.document,
        }),
      );
      await emit('resume.created', { resumeId: resume.id, ownerId });
      if (resume.status !== ResumeStatus.PARSED)
        await emit('resume.status_changed', {
          resumeId: resume.id,
          ownerId,
          status: resume.status,
          detail: resume.statusDetail ?? null,
        });
      await this.emitParsed(emit, resume);
      await also?.(tx, emit, resume);
    });
    return resume;
  }

  async update(ctx: AuthContext, id: string, input: UpdateResumeInput): Promise<Resume> {
    const title = input.title == null ? undefined : validTitle(input.title);
    return this.change(ctx, id, input.version, (resume) => {
      if (title !== undefined) resume.title = title;
      const patch = withoutNulls(Object.fromEntries(CONTENT_KEYS.map((key) => [key, input[key]]))) as Record<
        string,
        unknown
      >;
      const next: Record<string, unknown> = { ...resume.document, ...patch };
      if (input.salaryExpectation === null) delete next.salaryExpectation;
      return next;
    });
  }

  reorderSections(ctx: AuthContext, id: string, version: number, order: SectionKind[]): Promise<Resume> {
    if (new Set(order).size !== order.length)
      throw badUserInput('A section appears twice', { field: 'order' });
    return this.change(ctx, id, version, (resume) => {
      const current = resume.document.sections;
      const named = order.map((kind) => current.find((s) => s.kind === kind) ?? { kind, visible: true });
      // Sections not named keep their relative order (and visibility) after the named ones.
      return { ...resume.document, sections: [...named, ...current.filter((s) => !order.includes(s.kind))] };
    });
  }

  setSectionVisibility(
    ctx: AuthContext,
    id: string,
    version: number,
    section: SectionKind,
    visible: boolean,
  ) {
    return this.change(ctx, id, version, (resume) => ({
      ...resume.document,
      sections: resume.document.sections.map((s) => (s.kind === section ? { ...s, visible } : s)),
    }));
  }

  addItem(
    ctx: AuthContext,
    resumeId: string,
    version: number,
    item: ResumeItemInput,
    position?: number | null,
  ) {
    const { key, value } = oneItem(item);
    return this.change(ctx, resumeId, version, (resume) => {
      const parsed = parseItem(key, value);
      if (locateItem(resume.document, parsed.id))
        throw badUserInput('An item with this id exists already', { field: 'item.id' });
      const list = [...(resume.document[key] as unknown[])];
      list.splice(position == null ? list.length : clampPosition(position, list.length), 0, parsed);
      return { ...resume.document, [key]: list };
    });
  }

  updateItem(ctx: AuthContext, resumeId: string, version: number, itemId: string, item: ResumeItemInput) {
    const { key, value } = oneItem(item);
    return this.change(ctx, resumeId, version, (resume) => {
      const at = locateItem(resume.document, itemId);
      if (!at) throw notFound('No such item in this resume');
      if (at.key !== key)
        throw badUserInput(`Item ${itemId} is in ${at.kind}, not ${key}`, { field: 'item' });
      const list = [...(resume.document[key] as unknown[])];
      list[at.index] = parseItem(key, { ...(value as object), id: itemId });
      return { ...resume.document, [key]: list };
    });
  }

  removeItem(ctx: AuthContext, resumeId: string, version: number, itemId: string) {
    return this.change(ctx, resumeId, version, (resume) => {
      const at = locateItem(resume.document, itemId);
      if (!at) throw notFound('No such item in this resume');
      return {
        ...resume.document,
        [at.key]: (resume.document[at.key] as { id: string }[]).filter((i) => i.id !== itemId),
      };
    });
  }

  reorderItems(ctx: AuthContext, resumeId: string, version: number, section: SectionKind, itemIds: string[]) {
    return this.change(ctx, resumeId, version, (resume) => {
      const key = SECTION_KEYS[section];
      const items = resume.document[key] as { id: string }[];
      const byId = new Map(items.map((item) => [item.id, item]));
      if (
        itemIds.length !== items.length ||
        new Set(itemIds).size !== itemIds.length ||
        !itemIds.every((id) => byId.has(id))
      )
        throw badUserInput(`itemIds must list every item of ${section} exactly once`, { field: 'itemIds' });
      return { ...resume.document, [key]: itemIds.map((id) => byId.get(id)) };
    });
  }

  /** Restores the content of an earlier version (a change like any other: version + 1). */
  restoreVersion(ctx: AuthContext, id: string, version: number): Promise<Resume> {
    return this.change(ctx, id, null, async (resume, tx) => {
      const kept = await tx.findOne(ResumeVersion, { resumeId: id, version });
      if (!kept) throw notFound(`Version ${version} is no longer kept`);
      resume.title = kept.title;
      return kept.document;
    });
  }

  /**
   * Saves `document` as the next version, provided the resume is still at `expectedVersion`
   * (CONFLICT otherwise); `first` runs before it in the same transaction, on the locked resume
   * (tailoring names the version it replaces there), so either both are written or neither.
   */
  replaceDocument(
    ctx: AuthContext,
    id: string,
    expectedVersion: number,
    document: ResumeDocument,
    first: (tx: EntityManager, resume: Resume) => Promise<unknown>,
  ): Promise<Resume> {
    return this.change(ctx, id, expectedVersion, async (resume, tx) => {
      await first(tx, resume);
      return document;
    });
  }

  async setDefault(ctx: AuthContext, id: string): Promise<Resume> {
    let result!: Resume;
    let previous: string[] = [];
    await transactionWithEvents(this.em, this.runtime.outbox, 'resumes', async (tx) => {
      const resume = await tx.findOne(Resume, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!resume) throw notFound('No such resume');
      assertOwnerOrAdmin(ctx, resume.ownerId);
      await refuseDeletedAccount(tx, resume.ownerId); // the owner's lock: default switches run one at a time
      previous = (await tx.find(Resume, { ownerId: resume.ownerId, isDefault: true })).map((r) => r.id);
      await tx.nativeUpdate(
        Resume,
        { ownerId: resume.ownerId, isDefault: true, id: { $ne: id } },
        { isDefault: false },
      );
      resume.isDefault = true;
      result = resume;
    });
    await this.cache.invalidate(id, ...previous);
    return result;
  }

  async delete(ctx: AuthContext, id: string): Promise<boolean> {
    const resume = await this.em.findOne(Resume, { id });
    if (!resume) throw notFound('No such resume');
    assertOwnerOrAdmin(ctx, resume.ownerId);
    let promoted: string | undefined;
    await transactionWithEvents(this.em, this.runtime.outbox, 'resumes', async (tx, emit) => {
      await refuseDeletedAccount(tx, resume.ownerId);
      const deleted = await tx.nativeDelete(Resume, { id });
      if (!deleted) throw notFound('No such resume');
      await tx.nativeDelete(ResumeVersion, { resumeId: id });
      await this.dependents.removeOfResume(tx, resume);
      if (resume.isDefault) {
        // The newest remaining resume becomes the default, so an owner with resumes always has one.
        const [next] = await tx.find(
          Resume,
          { ownerId: resume.ownerId },
          { orderBy: { createdAt: 'desc' }, limit: 1 },
        );
        if (next) {
          next.isDefault = true;
          promoted = next.id;
        }
      }
      await emit('resume.deleted', { resumeId: id, ownerId: resume.ownerId });
    });
    await this.cache.invalidate(id, ...(promoted ? [promoted] : []));
    return true;
  }

  /**
   * A user's resumes, newest first, as detached read-only rows (the page is only serialised), reading
   * the columns of `fields` (the node fields selected; null: all) and always the owner, which the
   * private-field guards read.
   */
  listByOwner(
    ownerId: string,
    page: PageArgs,
    fields: readonly string[] | null,
  ): Promise<Connection<Resume>> {
    return paginate(this.em, Resume, { ownerId }, page, 'desc', {
      detached: true,
      fields: fields && [...fields, 'ownerId'],
    });
  }

  /**
   * Every content change goes through here: lock the row, check the owner and the version the
   * client read (stale → CONFLICT with the current version), apply, validate, regenerate the
   * markdown, bump the version, keep the version's document, emit, and drop the cached copy.
   */
  private async change(
    ctx: AuthContext,
    id: string,
    expectedVersion: number | null,
    apply: (resume: Resume, tx: EntityManager) => unknown,
  ): Promise<Resume> {
    const resume = await transactionWithEvents(this.em, this.runtime.outbox, 'resumes', async (tx, emit) => {
      const resume = await tx.findOne(Resume, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!resume) throw notFound('No such resume');
      assertOwnerOrAdmin(ctx, resume.ownerId);
      if (resume.status === ResumeStatus.PROCESSING)
        throw conflict('This resume is still being imported; try again when it is PARSED or FAILED', {
          field: 'id',
        });
      if (expectedVersion !== null && expectedVersion !== resume.version)
        throw conflict(`This resume changed since version ${expectedVersion}; reload it and try again`, {
          field: 'version',
          currentVersion: resume.version,
        });
      const next = await apply(resume, tx);
      resume.document = parseInput(documentSchema, next);
      resume.markdown = documentToMarkdown(resume.title, resume.document);
      resume.version += 1;
      resume.updatedAt = new Date();
      tx.persist(
        tx.create(ResumeVersion, {
          resumeId: id,
          version: resume.version,
          title: resume.title,
          document: resume.document,
        }),
      );
      await tx.flush();
      await this.prune(tx, id, resume.version);
      await emit('resume.updated', { resumeId: id, ownerId: resume.ownerId, version: resume.version });
      await this.emitParsed(emit, resume);
      return resume;
    });
    await this.cache.invalidate(id);
    return resume;
  }

  private async emitParsed(emit: Emit, resume: Resume): Promise<void> {
    if (resume.status === ResumeStatus.PARSED) await emit('resume.parsed', await resumeParsedData(resume));
  }

  /** Keeps the newest KEPT_VERSIONS versions and every version a snapshot names. */
  private async prune(tx: EntityManager, resumeId: string, current: number): Promise<void> {
    if (current <= KEPT_VERSIONS) return;
    await tx.execute(
      `delete from resume_versions v where v.resume_id = ? and v.version <= ?
         and not exists (select 1 from resume_snapshots s where s.resume_id = v.resume_id and s.version = v.version)`,
      [resumeId, current - KEPT_VERSIONS],
    );
  }

  /** Removes every resume of an owner and their files, in the caller's transaction. */
  async removeAllOf(tx: EntityManager, ownerId: string): Promise<void> {
    // Files first: if this fails the transaction rolls back, the event is redelivered, and nothing is
    // half-deleted in the database.
    await removeObjectsWithPrefix(
      this.runtime.storage,
      this.runtime.config.S3_BUCKET,
      userObjectPrefix(ownerId),
    );
    const ids = (await tx.find(Resume, { ownerId }, { fields: ['id'] })).map((r) => r.id);
    await this.dependents.removeAllOfOwner(tx, ownerId);
    if (ids.length) await tx.nativeDelete(ResumeVersion, { resumeId: { $in: ids } });
    await tx.nativeDelete(Resume, { ownerId });
    await this.cache.invalidate(...ids);
  }
}

function clampPosition(position: number, length: number): number {
  if (!Number.isInteger(position) || position < 0)
    throw badUserInput('position must be 0 or more', { field: 'position' });
  return Math.min(position, length);
}

/** The one section an item input names. */
function oneItem(item: ResumeItemInput): { key: SectionKey; value: unknown } {
  const given = Object.values(SECTION_KEYS).filter((key) => item[key] != null);
  if (given.length !== 1) throw badUserInput('Give exactly one section field in item', { field: 'item' });
  return { key: given[0], value: item[given[0]] };
}

function parseItem(key: SectionKey, value: unknown): { id: string } {
  const parsed = ITEM_SCHEMAS[key].safeParse(withoutNulls(value));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badUserInput(issue.message, { field: ['item', key, ...issue.path].join('.') });
  }
  return parsed.data as { id: string };
}
