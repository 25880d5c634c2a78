import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { assertOwnerOrAdmin, type AuthContext } from '@hiregraph/platform/auth/guards';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { badUserInput, conflict, notFound } from '@hiregraph/platform/errors';
import { userObjectPrefix } from '@hiregraph/platform/s3';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { parseInput } from '@hiregraph/platform/validation';
import { detectFileType } from './file-type.js';
import { Upload, UploadStatus } from './upload.entity.js';
import type { CreateUploadInput, PresignedUpload } from './upload.inputs.js';

/** The largest file anyone may upload; the signed POST policy enforces it, confirmUpload checks again. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** An upload not confirmed and used by then is deleted (object and row) by the hourly clean-up. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
/** How long the presigned POST itself is valid. */
export const UPLOAD_POLICY_TTL_MS = 15 * 60 * 1000;
export const UPLOAD_CLEANUP_INTERVAL_MS = 60 * 60 * 1000;
/** The Content-Type the POST policy requires of every upload (an `eq` condition). */
export const UPLOAD_OBJECT_CONTENT_TYPE = 'application/octet-stream';

/** Why confirmUpload refused a file (`extensions.reason`). */
export const UploadRefusal = {
  TooLarge: 'TOO_LARGE',
  Empty: 'EMPTY',
  UnsupportedType: 'UNSUPPORTED_TYPE',
  NotUploaded: 'NOT_UPLOADED',
  Expired: 'EXPIRED',
  Rejected: 'REJECTED',
} as const;

const createUploadSchema = z.object({
  filename: z
    .string()
    .trim()
    .min(1, 'A file name is required')
    .max(255, 'The file name is too long')
    .refine((name) => !/[\p{Cc}]/u.test(name), 'The file name contains control characters'),
  contentType: z.string().trim().min(1).max(200),
  size: z
    .number()
    .int()
    .min(1, 'The file is empty')
    .max(MAX_UPLOAD_BYTES, `Files are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`),
});

type Runtime = Pick<SubgraphRuntime, 'storage' | 'config'>;

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export class UploadService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: Runtime,
  ) {}

  private get bucket() {
    return this.runtime.config.S3_BUCKET;
  }

  /**
   * A presigned POST into the owner's prefix. The size range and the exact key are conditions of
   * the signed policy, so S3 refuses a bigger file whatever the client claimed here.
   */
  async create(owner: Viewer, input: CreateUploadInput, now = new Date()): Promise<PresignedUpload> {
    const valid = parseInput(createUploadSchema, input);
    const upload = Object.assign(new Upload(), {
      ownerId: owner.id,
      filename: valid.filename,
      declaredType: valid.contentType,
      declaredSize: valid.size,
      createdAt: now,
      expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS),
    });
    upload.objectKey = `${userObjectPrefix(owner.id)}uploads/${upload.id}`;
    const policy = this.runtime.storage.newPostPolicy();
    policy.setBucket(this.bucket);
    policy.setKey(upload.objectKey);
    const policyExpires = new Date(now.getTime() + UPLOAD_POLICY_TTL_MS);
    policy.setExpires(policyExpires);
    policy.setContentLengthRange(1, MAX_UPLOAD_BYTES);
    // Stored objects never carry a type a browser would render; the real type is sniffed at confirmation.
    policy.setContentType(UPLOAD_OBJECT_CONTENT_TYPE);
    const { postURL, formData } = await this.runtime.storage.presignedPostPolicy(policy);
    await this.em.persist(upload).flush();
    return {
      id: upload.id,
      url: postURL,
      method: 'POST',
      headers: [],
      fields: Object.entries(formData).map(([name, value]) => ({ name, value: String(value) })),
      expiresAt: policyExpires,
    };
  }

  /** The viewer's upload (or any, for an admin): NOT_FOUND when unknown, FORBIDDEN when another's. */
  async load(ctx: AuthContext, id: string, em: EntityManager = this.em, lock = false): Promise<Upload> {
    const upload = await em.findOne(Upload, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!upload) throw notFound('No such upload');
    assertOwnerOrAdmin(ctx, upload.ownerId);
    return upload;
  }

  /**
   * Checks what was stored, never what was claimed: the object's real size, then its type from
   * the magic bytes (text: valid UTF-8 without NULs). A refused file is deleted and the upload
   * marked REJECTED; the error says why (`extensions.reason`).
   */
  async confirm(ctx: AuthContext, id: string, now = new Date()): Promise<Upload> {
    const upload = await this.load(ctx, id);
    if (upload.status === UploadStatus.CONFIRMED) return upload;
    if (upload.status === UploadStatus.REJECTED)
      throw badUserInput(`This upload was refused: ${upload.rejectionReason}`, {
        field: 'id',
        reason: UploadRefusal.Rejected,
      });
    if (upload.expiresAt <= now)
      throw badUserInput('This upload expired; start a new one', {
        field: 'id',
        reason: UploadRefusal.Expired,
      });
    const { storage } = this.runtime;
    let size: number;
    try {
      size = (await storage.statObject(this.bucket, upload.objectKey)).size;
    } catch (error) {
      if (isMissingObject(error))
        throw badUserInput('No file has been uploaded for this upload yet', {
          field: 'id',
          reason: UploadRefusal.NotUploaded,
        });
      throw error;
    }
    if (size > MAX_UPLOAD_BYTES)
      return this.reject(
        upload,
        UploadRefusal.TooLarge,
        `The file is ${megabytes(size)} MB; files are limited to ${megabytes(MAX_UPLOAD_BYTES)} MB.`,
      );
    if (size === 0) return this.reject(upload, UploadRefusal.Empty, 'The file is empty.');
    const bytes = await readObject(await storage.getObject(this.bucket, upload.objectKey), MAX_UPLOAD_BYTES);
    const contentType = await detectFileType(bytes);
    if (!contentType)
      return this.reject(
        upload,
        UploadRefusal.UnsupportedType,
        'The content is not a PDF, Word (.docx), plain-text, PNG, JPEG or WebP file (whatever its name says).',
      );
    upload.status = UploadStatus.CONFIRMED;
    upload.size = bytes.length;
    upload.contentType = contentType;
    upload.sha256 = sha256(bytes);
    upload.confirmedAt = now;
    await this.em.flush();
    return upload;
  }

  private async reject(upload: Upload, reason: string, message: string): Promise<never> {
    await this.runtime.storage.removeObject(this.bucket, upload.objectKey);
    upload.status = UploadStatus.REJECTED;
    upload.rejectionReason = message;
    await this.em.flush();
    throw badUserInput(message, { field: 'id', reason });
  }

  /**
   * Marks a confirmed upload as used by `claimer`, in the caller's transaction (the row stays
   * locked until it commits). A file is used once: attaching or importing it twice is a CONFLICT.
   */
  static async claim(
    tx: EntityManager,
    ctx: AuthContext,
    id: string,
    claimer: string,
    accepts: (contentType: string) => boolean,
    refusal: string,
  ): Promise<Upload> {
    const upload = await tx.findOne(Upload, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!upload) throw notFound('No such upload');
    assertOwnerOrAdmin(ctx, upload.ownerId);
    if (upload.status !== UploadStatus.CONFIRMED || !upload.contentType)
      throw badUserInput('Confirm the upload first (confirmUpload)', { field: 'uploadId' });
    if (upload.claimedBy) throw conflict('This upload has been used already', { field: 'uploadId' });
    if (!accepts(upload.contentType))
      throw badUserInput(refusal, { field: 'uploadId', reason: UploadRefusal.UnsupportedType });
    upload.claimedBy = claimer;
    return upload;
  }

  /**
   * Deletes uploads past their expiry that nothing uses (never confirmed, refused, or confirmed
   * and left unused): objects first, inside the transaction that deletes the rows, so a concurrent
   * claim either locked the row first (and it is kept) or finds it gone.
   */
  async removeExpired(now = new Date(), batch = 500): Promise<number> {
    let removed = 0;
    for (;;) {
      const count = await this.em.transactional(async (tx) => {
        const rows = await tx.execute<{ object_key: string }[]>(
          `delete from uploads where id in (
             select id from uploads where claimed_by is null and expires_at < ?
             order by expires_at limit ? for update skip locked)
           returning object_key`,
          [now, batch],
        );
        if (rows.length > 0)
          await this.runtime.storage.removeObjects(
            this.bucket,
            rows.map((row) => row.object_key),
          );
        return rows.length;
      });
      removed += count;
      if (count < batch) return removed;
    }
  }

  /** Removes the original file of a deleted resume (row and object), in the caller's transaction. */
  static async removeOriginal(
    tx: EntityManager,
    runtime: Pick<SubgraphRuntime, 'storage' | 'config'>,
    objectKey: string,
  ): Promise<void> {
    await tx.nativeDelete(Upload, { objectKey });
    await runtime.storage.removeObject(runtime.config.S3_BUCKET, objectKey);
  }

  /** Removes an owner's upload rows, in the caller's transaction (their files go with the owner's prefix). */
  static async removeAllOf(tx: EntityManager, ownerId: string): Promise<void> {
    await tx.nativeDelete(Upload, { ownerId });
  }

  /**
   * Runs removeExpired now and every hour, each time with a fresh service from `uploads` (one
   * identity map per run); returns the stop function.
   */
  static startCleanup(
    uploads: (em: EntityManager) => UploadService,
    runtime: Pick<SubgraphRuntime, 'orm' | 'logger'>,
    intervalMs = UPLOAD_CLEANUP_INTERVAL_MS,
  ): () => Promise<void> {
    let running: Promise<unknown> = Promise.resolve();
    const run = () => {
      running = uploads(runtime.orm.em.fork() as EntityManager)
        .removeExpired()
        .then((count) => {
          if (count > 0) runtime.logger.info({ count }, 'expired uploads removed');
        })
        .catch((error) => runtime.logger.error({ err: error }, 'upload clean-up failed'));
    };
    run();
    const timer = setInterval(run, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Whether `bytes`, read from an upload's object after confirmation, are still what confirmUpload
 * checked: the POST policy lets its holder overwrite the object until it expires, and a file
 * swapped after confirmation must not be read under the confirmed type. True for objects that are
 * not uploads (pasted text). Rows confirmed before digests were kept compare size and sniffed type.
 */
export async function isUnchangedSinceConfirmed(
  em: EntityManager,
  objectKey: string,
  bytes: Uint8Array,
): Promise<boolean> {
  const upload = await em.findOne(Upload, { objectKey });
  if (!upload) return true;
  if (upload.status !== UploadStatus.CONFIRMED) return false;
  if (upload.sha256) return upload.sha256 === sha256(bytes);
  return upload.size === bytes.length && upload.contentType === (await detectFileType(bytes));
}

function isMissingObject(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'NotFound' || code === 'NoSuchKey';
}

/** The object's bytes, refusing to buffer more than `limit` (statObject checked; this is belt and braces). */
export async function readObject(stream: Readable, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      stream.destroy();
      throw badUserInput('The file is larger than allowed', { reason: UploadRefusal.TooLarge });
    }
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
