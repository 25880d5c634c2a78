import { badUserInput } from '@hiregraph/platform/errors';

/** Why an import failed; stable codes the API and the `resume.status_changed` detail can carry. */
export const ImportFailure = {
  ScannedPdf: 'SCANNED_PDF',
  Encrypted: 'ENCRYPTED',
  Corrupt: 'CORRUPT',
  ZipBomb: 'ZIP_BOMB',
  TooLong: 'TOO_LONG',
  Empty: 'EMPTY',
  UnsupportedType: 'UNSUPPORTED_TYPE',
  /** Reading it needed more memory (or deeper nesting) than any resume does. */
  FileTooComplex: 'FILE_TOO_COMPLEX',
  /** Reading it took longer than any resume does. */
  Timeout: 'TIMEOUT',
} as const;
export type ImportFailure = (typeof ImportFailure)[keyof typeof ImportFailure];

const REASONS: Record<ImportFailure, string> = {
  SCANNED_PDF:
    'This PDF has no text layer (it looks like a scan or an image). Export it again from your editor as a text PDF, or paste the text instead.',
  ENCRYPTED: 'This file is password-protected. Remove the password and upload it again.',
  CORRUPT: 'This file is damaged or not a valid document, so it could not be read.',
  ZIP_BOMB: 'This Word document expands to an unreasonable size when unpacked, so it was refused.',
  TOO_LONG: 'This document is too long for a resume.',
  EMPTY: 'This document contains no readable text.',
  UNSUPPORTED_TYPE: 'Only PDF, Word (.docx) and plain-text resumes can be imported.',
  FILE_TOO_COMPLEX:
    'This file is far more complex than a resume (too much memory or nesting to read), so it was refused. Export it again from your editor, or paste the text instead.',
  TIMEOUT:
    'Reading this file took too long, so it was stopped. Export it again from your editor, or paste the text instead.',
};

/** An import that cannot succeed, with a reason a person understands. */
export class ResumeImportError extends Error {
  constructor(
    readonly failure: ImportFailure,
    /** What exactly was wrong (for logs and the detail line), beside the sentence for `failure`. */
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(detail ? `${REASONS[failure]} (${detail})` : REASONS[failure], options);
    this.name = 'ResumeImportError';
  }

  /** The sentence a person reads for `failure`. */
  static reasonFor(failure: ImportFailure): string {
    return REASONS[failure];
  }

  /** The coded GraphQL error for synchronous paths (e.g. `importResumeText`). */
  toGraphQLError() {
    return badUserInput(this.message, { reason: this.failure });
  }
}
