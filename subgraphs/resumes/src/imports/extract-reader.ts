/**
 * The child process of `extractResumeTextIsolated`: takes one file (IPC), runs the ordinary
 * extraction, answers and exits. Whatever the file does to this process (heap, stack, time) ends here.
 */
import { extractResumeText } from './extract.js';
import { ImportFailure, ResumeImportError } from './import-error.js';
import type { ExtractionOutcome, ExtractionRequest } from './isolated-extract.js';
import { DEFAULT_IMPORT_LIMITS } from './limits.js';

/**
 * A spare reader waits idle for its file: it reads a tiny PDF meanwhile, so pdf.js's first-use
 * set-up (~0.3 s) is done before the real file arrives.
 */
async function warmUp(): Promise<void> {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Length 44 >>\nstream\nBT /F1 11 Tf 50 700 Td (Warm up text) Tj ET\nendstream',
  ];
  let pdf = '%PDF-1.7\n';
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `xref\n0 6\n0000000000 65535 f \n${xref}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${pdf.length}\n%%EOF\n`;
  await extractResumeText(new TextEncoder().encode(pdf), 'pdf', {
    ...DEFAULT_IMPORT_LIMITS,
    minCharsPerPage: 0,
  }).catch(() => undefined);
}

// Listen first: the file may arrive while the warm-up runs.
const request = new Promise<ExtractionRequest>((resolve) =>
  process.once('message', (message) => resolve(message as ExtractionRequest)),
);
await warmUp();
const { data, kind, limits } = await request;
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
