import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import type { ExtractedResume, ResumeFileKind } from './extract.js';
import { ImportFailure, ResumeImportError } from './import-error.js';
import {
  DEFAULT_EXTRACTION_SANDBOX,
  DEFAULT_IMPORT_LIMITS,
  type ExtractionSandbox,
  type ImportLimits,
} from './limits.js';

/** What the worker thread gets (`workerData`). */
export interface ExtractionRequest {
  data: Uint8Array;
  kind: ResumeFileKind;
  limits: ImportLimits;
}

/** What the worker thread answers: the extraction, a coded failure, or a bug (anything else). */
export type ExtractionOutcome =
  | { ok: true; extracted: ExtractedResume }
  | { ok: false; failure: ImportFailure; detail?: string }
  | { ok: false; unexpected: string };

/**
 * The worker script. Built, it sits beside this module; under Jest this module is TypeScript
 * source and a worker thread can only run the build, so tests use `dist/` (build first, as the
 * e2e tests do).
 */
function workerScript(): URL {
  const here = new URL(import.meta.url);
  return here.pathname.endsWith('.js')
    ? new URL('./extract.worker.js', here)
    : new URL('../../dist/imports/extract.worker.js', here);
}

/** Each extraction may use the sandbox's memory: bound how many run at once in this process. */
const running = pLimit(DEFAULT_EXTRACTION_SANDBOX.concurrency);

/**
 * `extractResumeText` for untrusted files: the same extraction, in a worker thread with a heap
 * cap and a wall-clock limit. Running out of memory or stack is FILE_TOO_COMPLEX, running out of
 * time TIMEOUT (the worker is terminated mid-work); either way only the worker dies, never this
 * process. Other failures are the extraction's own ResumeImportErrors.
 */
export function extractResumeTextIsolated(
  data: Uint8Array,
  kind: ResumeFileKind,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
  sandbox: ExtractionSandbox = DEFAULT_EXTRACTION_SANDBOX,
): Promise<ExtractedResume> {
  return running(() => runWorker({ data, kind, limits }, sandbox));
}

function runWorker(request: ExtractionRequest, sandbox: ExtractionSandbox): Promise<ExtractedResume> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript(), {
      workerData: request,
      resourceLimits: {
        maxOldGenerationSizeMb: sandbox.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: sandbox.maxYoungGenerationSizeMb,
        stackSizeMb: sandbox.stackSizeMb,
      },
      // pdf.js and mammoth may warn about a broken file; that is the file's problem, not a log line.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new ResumeImportError(ImportFailure.Timeout, `stopped after ${sandbox.timeoutMs / 1000} s`),
          ),
        ),
      sandbox.timeoutMs,
    );
    worker.on('message', (outcome: ExtractionOutcome) =>
      settle(() => {
        if (outcome.ok) resolve(outcome.extracted);
        else if ('failure' in outcome) reject(new ResumeImportError(outcome.failure, outcome.detail));
        else reject(new Error(`resume extraction failed: ${outcome.unexpected}`));
      }),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ResumeImportError(ImportFailure.FileTooComplex, 'out of memory', { cause: error })
            : error,
        ),
      ),
    );
    worker.on('exit', (code) =>
      settle(() =>
        reject(new ResumeImportError(ImportFailure.FileTooComplex, `the reader stopped (exit ${code})`)),
      ),
    );
  });
}
