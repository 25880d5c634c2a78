import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { assertOwnerOrAdmin, forbidden, type AuthContext } from '@hiregraph/platform/auth/guards';
import { badUserInput, notFound } from '@hiregraph/platform/errors';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { parseInput } from '@hiregraph/platform/validation';
import { Resume } from '../resumes/resume.entity.js';
import { ALLOWED_UPLOAD_TYPES } from '../uploads/file-type.js';
import { Upload } from '../uploads/upload.entity.js';
import { UploadService } from '../uploads/upload.service.js';
import { ResumeAttachment } from './attachment.entity.js';

/** How long a download link works. */
export const DOWNLOAD_URL_TTL_SECONDS = 5 * 60;
export const MAX_ATTACHMENTS_PER_RESUME = 20;

const nameField = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'A name is required')
    .max(200, 'The name is too long')
    .refine((name) => !/[\p{Cc}]/u.test(name), 'The name contains control characters'),
});
const validName = (name: string) => parseInput(nameField, { name }).name;

type Runtime = Pick<SubgraphRuntime, 'storage' | 'config'>;

export class AttachmentService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: Runtime,
  ) {}

  private async ownedResume(ctx: AuthContext, resumeId: string, em = this.em, lock = false): Promise<Resume> {
    const resume = await em.findOne(
      Resume,
      { id: resumeId },
      lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    if (!resume) throw notFound('No such resume');
    assertOwnerOrAdmin(ctx, resume.ownerId);
    return resume;
  }

  private async owned(ctx: AuthContext, id: string, em = this.em): Promise<ResumeAttachment> {
    const attachment = await em.findOne(ResumeAttachment, { id });
    if (!attachment) throw notFound('No such attachment');
    assertOwnerOrAdmin(ctx, attachment.ownerId);
    return attachment;
  }

  /** Attaches a confirmed upload of the resume's owner, last; the upload cannot be used again. */
  async add(ctx: AuthContext, resumeId: string, uploadId: string, name: string): Promise<ResumeAttachment> {
    const displayName = validName(name);
    return this.em.transactional(async (tx) => {
      // The resume's row lock serializes adds, so positions stay distinct and the cap holds.
      const resume = await this.ownedResume(ctx, resumeId, tx, true);
      const count = await tx.count(ResumeAttachment, { resumeId });
      if (count >= MAX_ATTACHMENTS_PER_RESUME)
        throw badUserInput(`A resume holds at most ${MAX_ATTACHMENTS_PER_RESUME} attachments`, {
          field: 'resumeId',
        });
      const attachment = new ResumeAttachment();
      const upload = await UploadService.claim(
        tx,
        ctx,
        uploadId,
        `attachment:${attachment.id}`,
        (type) => ALLOWED_UPLOAD_TYPES.has(type),
        'This file type cannot be attached',
      );
      // An admin acting for the owner still cannot move one person's file onto another's resume.
      if (upload.ownerId !== resume.ownerId)
        throw forbidden('The upload and the resume have different owners');
      Object.assign(attachment, {
        resumeId,
        ownerId: resume.ownerId,
        uploadId,
        objectKey: upload.objectKey,
        name: displayName,
        contentType: upload.contentType!,
        size: upload.size!,
        position: count,
      });
      tx.persist(attachment);
      return attachment;
    });
  }

  async list(ctx: AuthContext, resumeId: string): Promise<ResumeAttachment[]> {
    await this.ownedResume(ctx, resumeId);
    return this.em.find(ResumeAttachment, { resumeId }, { orderBy: { position: 'asc', createdAt: 'asc' } });
  }

  async rename(ctx: AuthContext, id: string, name: string): Promise<ResumeAttachment> {
    const displayName = validName(name);
    const attachment = await this.owned(ctx, id);
    attachment.name = displayName;
    await this.em.flush();
    return attachment;
  }

  /** Orders a resume's attachments; `attachmentIds` lists each of them exactly once. */
  async reorder(ctx: AuthContext, resumeId: string, attachmentIds: string[]): Promise<ResumeAttachment[]> {
    return this.em.transactional(async (tx) => {
      await this.ownedResume(ctx, resumeId, tx, true);
      const attachments = await tx.find(ResumeAttachment, { resumeId });
      const byId = new Map(attachments.map((a) => [a.id, a]));
      if (
        attachmentIds.length !== attachments.length ||
        new Set(attachmentIds).size !== attachmentIds.length ||
        !attachmentIds.every((id) => byId.has(id))
      )
        throw badUserInput('attachmentIds must list every attachment of the resume exactly once', {
          field: 'attachmentIds',
        });
      attachmentIds.forEach((id, position) => (byId.get(id)!.position = position));
      return attachmentIds.map((id) => byId.get(id)!);
    });
  }

  /** Removes the attachment and its file; the others close the gap. */
  async delete(ctx: AuthContext, id: string): Promise<boolean> {
    const { resumeId } = await this.owned(ctx, id);
    await this.em.transactional(async (tx) => {
      await this.ownedResume(ctx, resumeId, tx, true);
      const attachment = await this.owned(ctx, id, tx);
      await tx.nativeDelete(ResumeAttachment, { id });
      await tx.nativeDelete(Upload, { id: attachment.uploadId });
      await tx.execute(
        'update resume_attachments set position = position - 1 where resume_id = ? and position > ?',
        [resumeId, attachment.position],
      );
      // Before commit: if S3 refuses, nothing is deleted and the client may retry.
      await this.runtime.storage.removeObject(this.runtime.config.S3_BUCKET, attachment.objectKey);
    });
    return true;
  }

  /** A short-lived GET for the file, served as a download under the attachment's name. */
  downloadUrl(attachment: ResumeAttachment): Promise<string> {
    return this.runtime.storage.presignedGetObject(
      this.runtime.config.S3_BUCKET,
      attachment.objectKey,
      DOWNLOAD_URL_TTL_SECONDS,
      {
        'response-content-type': attachment.contentType,
        'response-content-disposition': attachmentDisposition(attachment.name),
      },
    );
  }

  /** Removes an owner's attachment rows, in the caller's transaction (their files go with the owner's prefix). */
  static async removeAllOf(tx: EntityManager, ownerId: string): Promise<void> {
    await tx.nativeDelete(ResumeAttachment, { ownerId });
  }

  /** Removes a deleted resume's attachments (rows, uploads, files) in the caller's transaction. */
  static async removeAllOfResume(tx: EntityManager, runtime: Runtime, resumeId: string): Promise<void> {
    const attachments = await tx.find(ResumeAttachment, { resumeId });
    if (attachments.length === 0) return;
    await tx.nativeDelete(ResumeAttachment, { resumeId });
    await tx.nativeDelete(Upload, { id: { $in: attachments.map((a) => a.uploadId) } });
    await runtime.storage.removeObjects(
      runtime.config.S3_BUCKET,
      attachments.map((a) => a.objectKey),
    );
  }
}

/**
 * A Content-Disposition naming the download: an ASCII fallback for old clients, and the exact
 * name as an RFC 8187 extended value (percent-encoding all but attr-char, so also ' ( ) *).
 */
function attachmentDisposition(name: string): string {
  const fallback = name.replace(/["\\]/g, '_').replace(/[^\x20-\x7e]/g, '_');
  const extended = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${extended}`;
}
