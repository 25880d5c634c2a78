import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { createEvent, type EventEnvelope } from '@hiregraph/platform/events/envelope';
import { handleOnce } from '@hiregraph/platform/events/idempotent';
import { enqueueEvent } from '@hiregraph/platform/events/outbox';
import { REQUIREMENTS_MAX_TEXT_LENGTH } from '@hiregraph/platform/events/limits';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { kindOfMediaType } from './extract.js';
import { ImportFailure, ResumeImportError } from './import-error.js';
import { extractResumeTextIsolated } from './isolated-extract.js';
import { readOriginalFile } from './original-file.js';
import { IMPORTABLE_TYPES } from '../uploads/file-type.js';
import { Upload, UploadStatus } from '../uploads/upload.entity.js';
import { isUnchangedSinceConfirmed } from '../uploads/upload.service.js';

/** Why an upload's text could not be given (`error.code` of upload.text_extracted), besides extraction failures. */
export const UploadTextRefusal = {
  NotFound: 'NOT_FOUND',
  Forbidden: 'FORBIDDEN',
  NotConfirmed: 'NOT_CONFIRMED',
  AlreadyUsed: 'ALREADY_USED',
  UnsupportedType: 'UNSUPPORTED_TYPE',
} as const;

type TextError = NonNullable<EventData<'upload.text_extracted'>['error']>;
type Outcome = { text: string } | { error: TextError };

/** Extraction reasons worded for a job description (the import's mention resumes). */
const JOB_DESCRIPTION_REASONS: Partial<Record<ImportFailure, string>> = {
  [ImportFailure.TooLong]: 'This document is too long for a job description.',
  [ImportFailure.UnsupportedType]: 'Only PDF, Word (.docx) and plain-text job descriptions can be read.',
};

type Runtime = Pick<SubgraphRuntime, 'outbox' | 'storage' | 'config' | 'logger'>;

/**
 * The text of an upload for another subgraph (matching's requirements from a file): the owner's,
 * confirmed, unused upload of an importable type is read with the import's extraction, marked used,
 * and its text sent back with upload.text_extracted; anything else is answered with a coded error.
 */
export class UploadTextService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: Runtime,
  ) {}

  /**
   * The extraction runs outside any transaction (like the import worker's); the answer is written
   * once per event (handleOnce, `consumer`), after checking the upload again under its row lock, so
   * a redelivery or a concurrent use of the same upload cannot produce two answers or two uses.
   * Returns whether this delivery answered (false: answered before).
   */
  async extractForRequirements(
    event: EventEnvelope<'requirements.upload_submitted'>,
    consumer: string,
  ): Promise<boolean> {
    const { requirementsId, ownerId, uploadId } = event.data;
    const claimer = `requirements:${requirementsId}`;
    const upload = await this.em.fork().findOne(Upload, { id: uploadId });
    const refused = refusalOf(upload, ownerId, claimer);
    const outcome: Outcome = refused ? { error: refused } : await this.extract(upload!);
    let answer: Outcome = outcome;
    const applied = await handleOnce(this.em, consumer, event, async (tx) => {
      const locked = await tx.findOne(Upload, { id: uploadId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const refusedNow = refusalOf(locked, ownerId, claimer);
      answer = refusedNow ? { error: refusedNow } : outcome;
      // A file that was read (or proved unreadable) is used up; a refused one is left as it was.
      if (!refusedNow) {
        locked!.claimedBy = claimer;
        await tx.flush();
      }
      await enqueueEvent(
        tx,
        createEvent(
          'upload.text_extracted',
          {
            requirementsId,
            ownerId,
            uploadId,
            text: 'text' in answer ? answer.text : null,
            error: 'error' in answer ? answer.error : null,
          },
          { producer: 'resumes' },
        ),
      );
    });
    if (!applied) return false;
    void this.runtime.outbox.wake();
    if ('text' in answer && upload) await this.removeObject(upload.objectKey);
    return true;
  }

  private async extract(upload: Upload): Promise<Outcome> {
    try {
      const bytes = await readOriginalFile(this.runtime, upload.objectKey);
      if (!(await isUnchangedSinceConfirmed(this.em.fork(), upload.objectKey, bytes)))
        throw new ResumeImportError(ImportFailure.Corrupt, 'the file changed after it was confirmed');
      const extracted = await extractResumeTextIsolated(bytes, kindOfMediaType(upload.contentType!));
      return { text: extracted.markdown.slice(0, REQUIREMENTS_MAX_TEXT_LENGTH) };
    } catch (error) {
      if (!(error instanceof ResumeImportError)) throw error;
      return {
        error: { code: error.failure, message: JOB_DESCRIPTION_REASONS[error.failure] ?? error.message },
      };
    }
  }

  /** The text now lives with the requirements: the original is not kept (its row stays, marked used). */
  private async removeObject(objectKey: string): Promise<void> {
    try {
      await this.runtime.storage.removeObject(this.runtime.config.S3_BUCKET, objectKey);
    } catch (error) {
      // Harmless to keep: it is under the owner's prefix, removed with the account.
      this.runtime.logger.warn({ err: error, objectKey }, 'could not remove a used upload');
    }
  }
}

/** Why `upload` may not give its text to `ownerId`'s request, or null when it may. */
function refusalOf(upload: Upload | null, ownerId: string, claimer: string): TextError | null {
  if (!upload) return { code: UploadTextRefusal.NotFound, message: 'No such upload.' };
  if (upload.ownerId !== ownerId)
    return { code: UploadTextRefusal.Forbidden, message: 'This upload belongs to another user.' };
  if (upload.status !== UploadStatus.CONFIRMED || !upload.contentType)
    return {
      code: UploadTextRefusal.NotConfirmed,
      message: 'This upload has not been confirmed (confirmUpload) or was refused.',
    };
  // Already used by this very request: a redelivery whose earlier answer was lost; answer again.
  if (upload.claimedBy && upload.claimedBy !== claimer)
    return { code: UploadTextRefusal.AlreadyUsed, message: 'This upload has been used already.' };
  if (!IMPORTABLE_TYPES.has(upload.contentType))
    return {
      code: UploadTextRefusal.UnsupportedType,
      message: JOB_DESCRIPTION_REASONS[ImportFailure.UnsupportedType]!,
    };
  return null;
}
