import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import type { ExtractedResume, ResumeFileKind } from './extract.js';
import { ImportFailure, ResumeImportError } from './import-error.js';
import {
  DEFAULT_EXTRACTION_SANDBOX,
  DEFAULT_IMPORT_LIMITS,
  type ExtractionSandbox,
  type ImportLimits,
} from './limits.js';
import { readerEnvironment } from '../environment.js';

/** What the reader process gets (its one IPC message). */
export interface ExtractionRequest {
  data: Uint8Array;
  kind: ResumeFileKind;
  limits: ImportLimits;
}

/** What the reader process answers: the extraction, a coded failure, or a bug (anything else). */
export type ExtractionOutcome =
  | { ok: true; extracted: ExtractedResume }
  | { ok: false; failure: ImportFailure; detail?: string }
  | { ok: false; unexpected: string };

/**
 * The reader script. Built, it sits beside this module; under Jest this module is TypeScript
 * source and a child process can only run the build, so tests use `dist/` (build first, as the
 * e2e tests do).
 */
function readerScript(): URL {
  const here = new URL(import.meta.url);
  return here.pathname.endsWith('.js')
    ? new URL('./extract-reader.js', here)
    : new URL('../../dist/imports/extract-reader.js', here);
}

/** Each extraction may use the sandbox's memory: bound how many run at once in this process. */
const running = pLimit(DEFAULT_EXTRACTION_SANDBOX.concurrency);

/**
 * `extractResumeText` for untrusted files: the same extraction, in a child process with a heap cap
 * and a wall-clock limit. Running out of memory is FILE_TOO_COMPLEX, out of time TIMEOUT (the
 * child is killed mid-work); either way only the child dies, never this process. Other failures
 * are the extraction's own ResumeImportErrors.
 *
 * A child process, not a worker thread: V8 aborts the whole process on some allocation failures
 * whatever a worker's `resourceLimits` say (a 1 KB PDF made `Array.fill` die with "invalid table
 * size" and took the host down with it), and a child also keeps a crashing reader's native memory
 * (pdf.js and inflate buffers live outside the V8 heap) away from the subgraph.
 */
export function extractResumeTextIsolated(
  data: Uint8Array,
  kind: ResumeFileKind,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
  sandbox: ExtractionSandbox = DEFAULT_EXTRACTION_SANDBOX,
): Promise<ExtractedResume> {
  return running(() => runReader({ data, kind, limits }, sandbox));
}

/** The last lines a crashing reader wrote (V8's "heap out of memory" report, a stack). */
const STDERR_TAIL_BYTES = 4096;

const RESIDENT_CHECK_INTERVAL_MS = 200;
const PAGE_BYTES = 4096;

/** Resident memory of a process from /proc (Linux); undefined where there is none. */
function residentMegabytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const residentPages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Math.round((residentPages * PAGE_BYTES) / 1024 / 1024);
  } catch {
    return undefined;
  }
}

interface Reader {
  child: ChildProcess;
  stderr: () => string;
  sandbox: ExtractionSandbox;
}

function startReader(sandbox: ExtractionSandbox): Reader {
  const child = fork(fileURLToPath(readerScript()), [], {
    execArgv: [
      `--max-old-space-size=${sandbox.maxOldGenerationSizeMb}`,
      `--max-semi-space-size=${sandbox.maxSemiSpaceSizeMb}`,
    ],
    // Only what the reader needs: no secrets of the subgraph's environment.
    env: readerEnvironment(),
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });
  // Failing to start at all is reported by whoever uses the reader; never an unhandled error.
  child.on('error', () => undefined);
  return { child, stderr: () => stderr, sandbox };
}

const alive = (reader: Reader) =>
  reader.child.connected && reader.child.exitCode === null && reader.child.signalCode === null;

/** Keeps (or stops keeping) this process running for the reader's sake. */
function holdOpen(reader: Reader, hold: boolean): void {
  // stdio pipes are sockets; the IPC channel and the process have ref/unref of their own.
  const stderr = reader.child.stderr as Socket | null;
  for (const handle of [reader.child, reader.child.channel, stderr]) {
    if (hold) handle?.ref();
    else handle?.unref();
  }
}

/**
 * One started reader waits idle, its modules loaded (~0.3 s of a cold start), for the next file;
 * every reader still reads one file only. Idle, it does not keep this process alive.
 */
let spare: Reader | undefined;

function takeReader(sandbox: ExtractionSandbox): Reader {
  const ready = spare && spare.sandbox === sandbox && alive(spare) ? spare : undefined;
  if (ready || sandbox === DEFAULT_EXTRACTION_SANDBOX) {
    if (spare && spare !== ready) spare.child.kill('SIGKILL');
    spare = startReader(sandbox);
    holdOpen(spare, false);
  }
  const reader = ready ?? startReader(sandbox);
  holdOpen(reader, true);
  return reader;
}

function runReader(request: ExtractionRequest, sandbox: ExtractionSandbox): Promise<ExtractedResume> {
  return new Promise((resolve, reject) => {
    const { child, stderr } = takeReader(sandbox);
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      outcome();
    };
    const watch = setInterval(() => {
      const residentMb = residentMegabytes(child.pid);
      if (residentMb !== undefined && residentMb > sandbox.maxResidentMb)
        settle(() =>
          reject(new ResumeImportError(ImportFailure.FileTooComplex, `out of memory (${residentMb} MB)`)),
        );
    }, RESIDENT_CHECK_INTERVAL_MS);
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new ResumeImportError(ImportFailure.Timeout, `stopped after ${sandbox.timeoutMs / 1000} s`)),
        ),
      sandbox.timeoutMs,
    );
    child.on('message', (outcome: ExtractionOutcome) =>
      settle(() => {
        if (outcome.ok) resolve(outcome.extracted);
        else if ('failure' in outcome) reject(new ResumeImportError(outcome.failure, outcome.detail));
        else reject(new Error(`resume extraction failed: ${outcome.unexpected}`));
      }),
    );
    // Failing to start at all (no built reader, no memory for a process) is ours: retried later.
    child.on('error', (error) => settle(() => reject(error)));
    child.on('close', (code, signal) =>
      settle(() => {
        // V8 out of memory aborts the reader; a crash by signal is the file's doing too. A plain
        // exit is not (the reader answers every file): a broken build, a bug, retried later.
        if (/out of memory|allocation failed/i.test(stderr()))
          reject(new ResumeImportError(ImportFailure.FileTooComplex, 'out of memory'));
        else if (signal)
          reject(new ResumeImportError(ImportFailure.FileTooComplex, `the reader crashed (${signal})`));
        else reject(new Error(`the resume reader exited with code ${code}: ${stderr().slice(-500)}`));
      }),
    );
    child.send(request);
  });
}
