import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z, ZodError } from 'zod';
import type { AuthContext } from '@hiregraph/platform/auth/guards';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import type { EventEnvelope } from '@hiregraph/platform/events/envelope';
import { transactionWithEvents } from '@hiregraph/platform/events/transaction';
import { newId } from '@hiregraph/platform/ids';
import { userObjectPrefix } from '@hiregraph/platform/s3';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { parseInput } from '@hiregraph/platform/validation';
import { ResumeVersion } from '../resumes/resume-version.entity.js';
import { emptyDocument, type ResumeDocument } from '../resumes/resume-document.js';
import { ResumeCache } from '../resumes/resume-cache.js';
import { documentToMarkdown } from '../resumes/resume-markdown.js';
import { resumeParsedData } from '../resumes/resume-parsed.js';
import { Resume, ResumeSource, ResumeStatus } from '../resumes/resume.entity.js';
import type { ResumeService } from '../resumes/resume.service.js';
import { DOCX, IMPORTABLE_TYPES, PDF } from '../uploads/file-type.js';
import { isUnchangedSinceConfirmed, UploadService } from '../uploads/upload.service.js';
import type { ResumeFileKind } from './extract.js';
import { fitToDocument } from './fit-document.js';
import { ImportFailure, ResumeImportError } from './import-error.js';
import { importResumeFile, type ImportedResume } from './import-resume.js';
import { DEFAULT_IMPORT_LIMITS } from './limits.js';
import { readOriginalFile } from './original-file.js';
import { parsedToDocumentInput } from './parsed-document.js';

/** The details resume.status_changed carries at each step. */
export const ImportStep = {
  queued: 'Reading your file',
  parsed: 'Your resume was read; check the sections and fix anything we got wrong.',
  adjusted: 'Some very long items were split or shortened.',
} as const;

/** Title of an import the user did not name, until the worker has read the person's name. */
const UNNAMED_TEXT_IMPORT = 'Imported resume';

const titleField = z.object({ title: z.string().trim().min(1, 'Title is required').max(200) });

const KINDS: Record<string, ResumeFileKind> = { [PDF]: 'pdf', [DOCX]: 'docx', 'text/plain': 'txt' };

type Runtime = Pick<SubgraphRuntime, 'outbox' | 'redis' | 'storage' | 'config' | 'logger'>;

/**
 * Imports run in two steps: the mutation creates a PROCESSING resume and queues
 * `resume.import_requested` in the same transaction; the worker (resume-import.consumers.ts) reads
 * the stored file, extracts and parses it, then moves the resume to PARSED or FAILED.
 */
export class ResumeImportService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: Runtime,
    private readonly resumes: ResumeService,
    private readonly uploads: UploadService,
  ) {}

  /** A PROCESSING resume from a confirmed PDF, DOCX or text upload (used once). */
  async importFile(ctx: AuthContext, uploadId: string, title?: string | null): Promise<Resume> {
    const upload = await this.uploads.load(ctx, uploadId);
    const name = title ?? (upload.filename.replace(/\.[^.]+$/, '').trim() || upload.filename);
    return this.resumes.insert(
      upload.ownerId,
      this.processing(parseInput(titleField, { title: name }).title, ResumeSource.FILE, upload.objectKey),
      async (tx, emit, resume) => {
        // Locks the upload and checks it again: confirmed, this owner's, importable, not used yet.
        const claimed = await UploadService.claim(
          tx,
          ctx,
          uploadId,
          `resume:${resume.id}`,
          (type) => IMPORTABLE_TYPES.has(type),
          ResumeImportError.reasonFor(ImportFailure.UnsupportedType),
        );
        await emit('resume.import_requested', {
          resumeId: resume.id,
          ownerId: resume.ownerId,
          objectKey: claimed.objectKey,
          kind: KINDS[claimed.contentType!],
        });
      },
    );
  }

  /**
   * Pasted text: stored as a text file under the owner's prefix (the original, like an upload's),
   * then the same worker path. Empty or oversized text is refused at once.
   */
  async importText(owner: Viewer, text: string, title?: string | null): Promise<Resume> {
    const limits = DEFAULT_IMPORT_LIMITS;
    if (text.length > limits.maxChars)
      throw new ResumeImportError(
        ImportFailure.TooLong,
        `more than ${limits.maxChars} characters`,
      ).toGraphQLError();
    if (!/[\p{L}\p{N}]/u.test(text)) throw new ResumeImportError(ImportFailure.Empty).toGraphQLError();
    const validTitle = parseInput(titleField, { title: title ?? UNNAMED_TEXT_IMPORT }).title;
    const objectKey = `${userObjectPrefix(owner.id)}imports/${newId()}.txt`;
    await this.runtime.storage.putObject(
      this.runtime.config.S3_BUCKET,
      objectKey,
      Buffer.from(text, 'utf8'),
      undefined,
      {
        'Content-Type': 'text/plain; charset=utf-8',
      },
    );
    return this.resumes.insert(
      owner.id,
      this.processing(validTitle, ResumeSource.TEXT, objectKey),
      async (_tx, emit, resume) => {
        await emit('resume.import_requested', {
          resumeId: resume.id,
          ownerId: owner.id,
          objectKey,
          kind: 'txt',
        });
      },
    );
  }

  private processing(title: string, source: ResumeSource, originalFileKey: string) {
    return {
      title,
      document: emptyDocument(),
      source,
      status: ResumeStatus.PROCESSING,
      statusDetail: ImportStep.queued,
      originalFileKey,
    };
  }

  /**
   * The worker: extract and parse outside any transaction, then write the outcome to a resume that
   * is still PROCESSING (so a redelivered request, or one for a deleted resume, changes nothing).
   * Failures a person can act on become FAILED with the reason; anything else throws and is retried.
   */
  async process(event: EventEnvelope<'resume.import_requested'>): Promise<void> {
    const { resumeId, objectKey, kind } = event.data;
    const pending = await this.em.fork().findOne(Resume, { id: resumeId });
    if (!pending || pending.status !== ResumeStatus.PROCESSING) return;
    let outcome: { imported: ImportedResume } | { failure: ResumeImportError };
    try {
      const bytes = await readOriginalFile(this.runtime, objectKey);
      if (!(await isUnchangedSinceConfirmed(this.em.fork(), objectKey, bytes)))
        throw new ResumeImportError(ImportFailure.Corrupt, 'the file changed after it was confirmed');
      outcome = { imported: await importResumeFile(bytes, kind) };
    } catch (error) {
      if (!(error instanceof ResumeImportError)) throw error;
      outcome = { failure: error };
    }
    let document: ResumeDocument | undefined;
    let adjusted = false;
    if ('imported' in outcome) {
      try {
        // Long bullets are split or cut, never a reason to fail a file that was read.
        const fitted = fitToDocument(parsedToDocumentInput(outcome.imported.resume));
        document = fitted.document;
        adjusted = fitted.notes.length > 0;
        if (adjusted)
          this.runtime.logger.info({ resumeId, notes: fitted.notes }, 'parsed resume adjusted to fit');
      } catch (error) {
        if (!(error instanceof ZodError)) throw error;
        // Still refused after fitting: a parser bug to fix, not the user's.
        this.runtime.logger.error({ err: error, resumeId }, 'parsed resume failed validation');
        outcome = { failure: new ResumeImportError(ImportFailure.Corrupt, undefined, { cause: error }) };
      }
    }
    await transactionWithEvents(this.em.fork(), this.runtime.outbox, 'resumes', async (tx, emit) => {
      const resume = await tx.findOne(Resume, { id: resumeId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!resume || resume.status !== ResumeStatus.PROCESSING) return;
      resume.updatedAt = new Date();
      if ('failure' in outcome) {
        resume.status = ResumeStatus.FAILED;
        resume.statusReason = outcome.failure.failure;
        resume.statusDetail = outcome.failure.message;
      } else {
        const name = outcome.imported.resume.basics.name?.trim();
        if (resume.source === ResumeSource.TEXT && resume.title === UNNAMED_TEXT_IMPORT && name)
          resume.title = `${name} (imported)`.slice(0, 200);
        resume.document = document!;
        resume.markdown = documentToMarkdown(resume.title, resume.document);
        resume.status = ResumeStatus.PARSED;
        resume.statusReason = null;
        resume.statusDetail = adjusted ? `${ImportStep.parsed} ${ImportStep.adjusted}` : ImportStep.parsed;
        resume.version += 1;
        tx.persist(
          tx.create(ResumeVersion, {
            resumeId,
            version: resume.version,
            title: resume.title,
            document: resume.document,
          }),
        );
      }
      await emit('resume.status_changed', {
        resumeId,
        ownerId: resume.ownerId,
        status: resume.status,
        detail: resume.statusDetail ?? null,
      });
      if (resume.status === ResumeStatus.PARSED) {
        await emit('resume.updated', { resumeId, ownerId: resume.ownerId, version: resume.version });
        await emit('resume.parsed', await resumeParsedData(resume));
      }
    });
    await new ResumeCache(this.runtime.redis).invalidate(resumeId);
  }
}
