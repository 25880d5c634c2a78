import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import yazl from 'yazl';
import { requireViewer, type AuthContext } from '@hiregraph/platform/auth/guards';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { notFound } from '@hiregraph/platform/errors';
import { refuseDeletedAccount } from '@hiregraph/platform/db/tombstones';
import { userObjectPrefix } from '@hiregraph/platform/s3';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { ResumeOwner } from '../owners/owner.entity.js';
import { documentToJsonResume } from '../resumes/json-resume.js';
import { Resume } from '../resumes/resume.entity.js';
import type { ResumeService } from '../resumes/resume.service.js';
import { PublicProfile, ShareLink } from '../sharing/sharing.entity.js';
import { DownloadLink, ExportObject, UserBackup } from './export.entity.js';
import type { ExportSettings } from '../environment.js';
import type { ExportLimits } from './export.limits.js';
import { renderResumePdf, type PdfTemplate } from './resume-pdf.js';

/** Presigned downloads live this long: enough to click, too short to pass around. */
export const DOWNLOAD_TTL_SECONDS = 15 * 60;
/** Generated files under the owner's prefix; exportMyData leaves them out of the archive. */
const GENERATED_FOLDERS = ['exports/', 'backups/'];

const fileName = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'resume';

type Runtime = Pick<SubgraphRuntime, 'storage' | 'config'>;
/** Expired files removed per sweep round (one S3 multi-delete). */
const SWEEP_BATCH = 500;

/** Files made from a user's data: a resume as PDF, and an archive of everything (exportMyData). */
export class ExportService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: Runtime,
    private readonly resumes: ResumeService,
    private readonly settings: ExportSettings,
    private readonly limits: ExportLimits,
  ) {}

  /**
   * Renders the resume (owner or admin) and stores it under the owner's prefix, so deleting the
   * account removes it. The owner's own copy shows contact details; salary is never printed.
   */
  async exportResumePdf(ctx: AuthContext, id: string, template: PdfTemplate): Promise<DownloadLink> {
    const resume = await this.resumes.read(ctx, id);
    if (!resume) throw notFound('No such resume');
    // Counted for whoever asks (after the permission check, so refusals cost nothing).
    await this.limits.pdf.consume(requireViewer(ctx).id);
    const { salaryExpectation: _salary, ...document } = resume.document;
    const pdf = await renderResumePdf(resume.title, document, template);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const key = `${userObjectPrefix(resume.ownerId)}exports/${resume.id}/${stamp}-${template.toLowerCase()}.pdf`;
    await this.recordExpiry(key, resume.ownerId, this.settings.EXPORT_PDF_RETENTION_MINUTES * 60_000);
    await this.runtime.storage.putObject(this.runtime.config.S3_BUCKET, key, pdf, pdf.length, {
      'Content-Type': 'application/pdf',
    });
    return this.download(key, `${fileName(resume.document.basics.name ?? resume.title)}.pdf`);
  }

  /**
   * Writes a zip of the viewer's data to their prefix: every resume as a JSON Resume document, the
   * account as the resumes subgraph knows it (handle, public profile, share links without tokens),
   * and every file they stored (uploaded originals, attachments); recorded in user_backups.
   */
  async exportMyData(viewer: Viewer): Promise<UserBackup> {
    const ownerId = viewer.id;
    await this.limits.backup.consume(ownerId);
    const { storage, config } = this.runtime;
    const prefix = userObjectPrefix(ownerId);
    const [resumes, owner, profile, links] = await Promise.all([
      this.em.find(Resume, { ownerId }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      this.em.findOne(ResumeOwner, { userId: ownerId }),
      this.em.findOne(PublicProfile, { ownerId }),
      this.em.find(ShareLink, { ownerId }, { orderBy: { createdAt: 'asc' } }),
    ]);
    const zip = new yazl.ZipFile();
    const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
    zip.addBuffer(
      json({
        userId: ownerId,
        fullName: owner?.fullName ?? null,
        username: owner?.username ?? null,
        publicProfile: profile
          ? { enabled: profile.enabled, showContactDetails: profile.showContactDetails }
          : { enabled: false, showContactDetails: false },
        shareLinks: links.map(
          ({ id, resumeId, expiresAt, revokedAt, viewCount, lastViewedAt, createdAt }) => ({
            id,
            resumeId,
            expiresAt,
            revokedAt,
            viewCount,
            lastViewedAt,
            createdAt,
          }),
        ),
        resumes: resumes.map(({ id, title, isDefault, status, source, version, createdAt, updatedAt }) => ({
          id,
          title,
          isDefault,
          status,
          source,
          version,
          createdAt,
          updatedAt,
          file: `resumes/${fileName(title)}-${id}.json`,
        })),
      }),
      'account.json',
    );
    for (const resume of resumes) {
      const document = documentToJsonResume(resume.document, {
        resumeId: resume.id,
        version: resume.version,
        updatedAt: resume.updatedAt,
      });
      zip.addBuffer(json(document), `resumes/${fileName(resume.title)}-${resume.id}.json`);
    }
    // Files: whatever the user stored under their prefix (originals, attachments), generated ones aside.
    // Attachment metadata (names, order) lives with the attachments concept; the bytes are here.
    const stored: string[] = [];
    for await (const item of storage.listObjectsV2(config.S3_BUCKET, prefix, true)) {
      const name = item.name;
      if (name && !GENERATED_FOLDERS.some((folder) => name.startsWith(prefix + folder))) stored.push(name);
    }
    for (const name of stored)
      zip.addReadStream(
        await storage.getObject(config.S3_BUCKET, name),
        `files/${name.slice(prefix.length)}`,
      );
    zip.end();

    const backup = Object.assign(new UserBackup(), { ownerId });
    backup.key = `${prefix}backups/${backup.createdAt.toISOString().replace(/[:.]/g, '-')}-${backup.id}.zip`;
    // Spooled to a file so the upload knows its size (a single PUT up to the client's part size,
    // multipart above), and memory stays flat however large the files are.
    await this.recordExpiry(backup.key, ownerId, this.settings.EXPORT_BACKUP_RETENTION_DAYS * 86_400_000);
    const folder = await mkdtemp(join(tmpdir(), 'hiregraph-export-'));
    try {
      const file = join(folder, 'export.zip');
      await pipeline(zip.outputStream, createWriteStream(file));
      backup.size = (await stat(file)).size;
      await storage.fPutObject(config.S3_BUCKET, backup.key, file, { 'Content-Type': 'application/zip' });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    await this.em.transactional(async (tx) => {
      // The account's lock: a deletion running now either removed the prefix first (and this
      // refuses), or waits and then removes the archive with the rest.
      await refuseDeletedAccount(tx, ownerId);
      tx.persist(backup);
    });
    backup.download = await this.download(
      backup.key,
      `hiregraph-export-${backup.createdAt.toISOString().slice(0, 10)}.zip`,
    );
    return backup;
  }

  /** The viewer's archives that have not expired, newest first, each with a fresh download link. */
  async myBackups(viewer: Viewer): Promise<UserBackup[]> {
    const all = await this.em.find(
      UserBackup,
      { ownerId: viewer.id },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
    const live = new Set(
      (
        await this.em.find(
          ExportObject,
          { key: { $in: all.map((backup) => backup.key) }, expiresAt: { $gt: new Date() } },
          { fields: ['key'] },
        )
      ).map((row) => row.key),
    );
    const backups = all.filter((backup) => live.has(backup.key));
    for (const backup of backups)
      backup.download = await this.download(
        backup.key,
        `hiregraph-export-${backup.createdAt.toISOString().slice(0, 10)}.zip`,
      );
    return backups;
  }

  static async removeAllOf(tx: EntityManager, ownerId: string): Promise<void> {
    await tx.nativeDelete(UserBackup, { ownerId });
    await tx.nativeDelete(ExportObject, { ownerId });
  }

  /**
   * Removes generated files whose time is up: the objects first, then their records (an archive's
   * `user_backups` row with it), in rounds of SWEEP_BATCH; rows are claimed with `skip locked`, so
   * replicas sweeping together never delete the same round twice. Returns how many went.
   */
  static async removeExpired(
    em: EntityManager,
    runtime: Pick<Runtime, 'storage' | 'config'>,
    now = new Date(),
  ) {
    let removed = 0;
    for (;;) {
      const count = await em.transactional(async (tx) => {
        const expired = await tx.execute<{ key: string }[]>(
          'select key from export_objects where expires_at <= ? order by expires_at limit ? for update skip locked',
          [now, SWEEP_BATCH],
        );
        if (expired.length === 0) return 0;
        const keys = expired.map((row) => row.key);
        // removeObjects reports failures per key; a missing object (never uploaded) is no failure.
        const errors = (await runtime.storage.removeObjects(runtime.config.S3_BUCKET, keys)) as unknown as
          ({ Code?: string; Error?: { Code?: string } } | null | undefined)[] | undefined;
        const failed = (errors ?? []).filter(
          (entry) => entry && (entry.Error?.Code ?? entry.Code) !== 'NoSuchKey',
        );
        if (failed.length > 0) throw new Error(`could not remove ${failed.length} expired export(s)`);
        await tx.nativeDelete(UserBackup, { key: { $in: keys } });
        await tx.nativeDelete(ExportObject, { key: { $in: keys } });
        return keys.length;
      });
      removed += count;
      if (count < SWEEP_BATCH) return removed;
    }
  }

  /** Sweeps expired exports now and every EXPORT_SWEEP_INTERVAL_MS; returns the stop function. */
  static startSweeper(
    runtime: Pick<SubgraphRuntime, 'orm' | 'storage' | 'config' | 'logger'>,
    { EXPORT_SWEEP_INTERVAL_MS }: Pick<ExportSettings, 'EXPORT_SWEEP_INTERVAL_MS'>,
  ): () => Promise<void> {
    let running: Promise<unknown> = Promise.resolve();
    const run = () => {
      running = ExportService.removeExpired(runtime.orm.em.fork() as EntityManager, runtime)
        .then((count) => {
          if (count > 0) runtime.logger.info({ count }, 'expired exports removed');
        })
        .catch((error) => runtime.logger.error({ err: error }, 'export sweep failed'));
    };
    run();
    const timer = setInterval(run, EXPORT_SWEEP_INTERVAL_MS);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }

  /** Recorded before the object is written, so a crash in between leaves a record, never an orphan. */
  private async recordExpiry(key: string, ownerId: string, lifetimeMs: number): Promise<void> {
    await this.em.insert(ExportObject, { key, ownerId, expiresAt: new Date(Date.now() + lifetimeMs) });
  }

  private async download(key: string, filename: string): Promise<DownloadLink> {
    const expiresAt = new Date(Date.now() + DOWNLOAD_TTL_SECONDS * 1000);
    const url = await this.runtime.storage.presignedGetObject(
      this.runtime.config.S3_BUCKET,
      key,
      DOWNLOAD_TTL_SECONDS,
      {
        'response-content-disposition': `attachment; filename="${filename}"`,
      },
    );
    return { url, expiresAt, key };
  }
}
