import { GraphQLError } from 'graphql';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { MAX_UPLOAD_BYTES, readObject } from '../uploads/upload.service.js';
import { ImportFailure, ResumeImportError } from './import-error.js';

/**
 * A stored original (an upload or pasted text), at most MAX_UPLOAD_BYTES, for whatever reads it:
 * the resume import and an upload's text for requirements (upload-text.service.ts). A missing or
 * oversized object is a ResumeImportError (CORRUPT, TOO_LONG) like any unreadable file.
 */
export async function readOriginalFile(
  runtime: Pick<SubgraphRuntime, 'storage' | 'config'>,
  objectKey: string,
): Promise<Uint8Array> {
  try {
    return await readObject(
      await runtime.storage.getObject(runtime.config.S3_BUCKET, objectKey),
      MAX_UPLOAD_BYTES,
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'NoSuchKey' || code === 'NotFound')
      throw new ResumeImportError(ImportFailure.Corrupt, 'the uploaded file is gone', { cause: error });
    if (error instanceof GraphQLError)
      throw new ResumeImportError(ImportFailure.TooLong, 'larger than 10 MB', { cause: error });
    throw error;
  }
}
