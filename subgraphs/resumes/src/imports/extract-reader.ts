/**
 * The child process of `extractResumeTextIsolated`: takes one file (IPC), runs the ordinary
 * extraction, answers and exits. Whatever the file does to this process (heap, stack, time) ends here.
 */
import { extractResumeText } from './extract.js';
import { ImportFailure, ResumeImportError } from './import-error.js';
import type { ExtractionOutcome, ExtractionRequest } from './isolated-extract.js';

const { data, kind, limits } = await new Promise<ExtractionRequest>((resolve) =>
  process.once('message', (request) => resolve(request as ExtractionRequest)),
);
let outcome: ExtractionOutcome;
try {
  outcome = { ok: true, extracted: await extractResumeText(data, kind, limits) };
} catch (error) {
  if (error instanceof ResumeImportError) {
    // The readers call any exception "corrupt"; running out of stack on nesting is complexity.
    const failure = exhaustedStack(error) ? ImportFailure.FileTooComplex : error.failure;
    outcome = { ok: false, failure, detail: failure === error.failure ? error.detail : 'nested too deeply' };
  } else if (exhaustedStack(error)) {
    outcome = { ok: false, failure: ImportFailure.FileTooComplex, detail: 'nested too deeply' };
  } else {
    outcome = {
      ok: false,
      unexpected: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}
process.send!(outcome, () => process.disconnect());

function exhaustedStack(error: unknown): boolean {
  for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if (cause instanceof RangeError && /call stack/i.test(cause.message)) return true;
  }
  return false;
}
