import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { resumesSubgraph } from '../../subgraph.js';
import { CREATE_UPLOAD, postUpload } from '../../uploads/testing/post-upload.js';
import type { ResumeFileKind } from '../extract.js';
import { ImportFailure, ResumeImportError } from '../import-error.js';
import { importResumeFile } from '../import-resume.js';
import { extractResumeTextIsolated } from '../isolated-extract.js';
import { DEFAULT_EXTRACTION_SANDBOX, DEFAULT_IMPORT_LIMITS } from '../limits.js';
import { encryptedPdf } from '../testing/failure-fixtures.js';
import { renderResumePdf } from '../testing/render-pdf.js';
import { SAMPLE_RESUMES } from '../testing/sample-resumes.js';
import {
  brokenXrefPdf,
  deeplyNestedDocx,
  deeplyNestedPdf,
  docxWithoutDocument,
  htmlAsPdf,
  hugeDocumentDocx,
  hugeFontPdf,
  lyingSizeDocx,
  pdfBomb,
  plainResumePdf,
  thousandsOfPagesPdf,
} from './hostile-files.js';

// The reader runs in a child process from the build (dist/): `npx tsc -b subgraphs/resumes` first.

async function failureOf(promise: Promise<unknown>): Promise<{ failure: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResumeImportError);
  return { failure: (error as ResumeImportError).failure, message: (error as Error).message };
}

const readsNormally = async () => {
  const imported = await importResumeFile(plainResumePdf(), 'pdf');
  expect(imported.resume.basics.name).toBe('Jane Hostile');
};

describe('hostile files through the import path (importResumeFile, sandboxed reader)', () => {
  it.each<[string, () => Uint8Array | Promise<Uint8Array>, ResumeFileKind, ImportFailure | ImportFailure[]]>([
    // Its inflated stream passes the reader's resident cap in ~5 s, or the time limit on a slow machine.
    [
      'a PDF bomb (256 MB content stream in 900 KB)',
      () => pdfBomb(),
      'pdf',
      [ImportFailure.FileTooComplex, ImportFailure.Timeout],
    ],
    ['a deeply nested PDF object', () => deeplyNestedPdf(), 'pdf', ImportFailure.Corrupt],
    ['a PDF with 5,000 pages', () => thousandsOfPagesPdf(), 'pdf', ImportFailure.TooLong],
    ['an encrypted PDF', () => encryptedPdf(), 'pdf', ImportFailure.Encrypted],
    ['a "PDF" that is really HTML', () => htmlAsPdf(), 'pdf', ImportFailure.Corrupt],
    ['a DOCX holding a 42 MB document.xml', () => hugeDocumentDocx(), 'docx', ImportFailure.ZipBomb],
    ['a DOCX whose headers lie about sizes', () => lyingSizeDocx(), 'docx', ImportFailure.ZipBomb],
    ['a DOCX with XML nested 20,000 deep', () => deeplyNestedDocx(), 'docx', ImportFailure.FileTooComplex],
    ['a zip with no word/document.xml', () => docxWithoutDocument(), 'docx', ImportFailure.Corrupt],
  ])('refuses %s with a coded reason, then reads a normal resume', async (_label, make, kind, expected) => {
    const { failure, message } = await failureOf(importResumeFile(await make(), kind));
    expect([expected].flat()).toContain(failure);
    expect(message.startsWith(ResumeImportError.reasonFor(failure as ImportFailure))).toBe(true);
    expect(message.length).toBeGreaterThan(30);
    await readsNormally();
  });

  it('reads a resume with one glyph at font size 6e8 (layout bounded by the page, not the text)', async () => {
    // Before: the layout allocated a cell per point of the glyph's 5e8-point width; the process died.
    const imported = await importResumeFile(hugeFontPdf(), 'pdf');
    expect(imported.resume.basics.name).toBe('Jane Hostile');
    expect(imported.markdown).toContain('Senior Engineer, Acme Corp');
  });

  it('reads a PDF whose xref table is broken (pdf.js rebuilds it)', async () => {
    const imported = await importResumeFile(brokenXrefPdf(), 'pdf');
    expect(imported.resume.basics.email).toBe('jane.hostile@example.com');
  });

  it('kills a reader that runs out of time or memory; this process carries on', async () => {
    const bomb = pdfBomb(64);
    const slow = await failureOf(
      extractResumeTextIsolated(bomb, 'pdf', DEFAULT_IMPORT_LIMITS, {
        ...DEFAULT_EXTRACTION_SANDBOX,
        timeoutMs: 1000,
      }),
    );
    expect(slow).toMatchObject({ failure: ImportFailure.Timeout, message: expect.stringMatching(/1 s/) });
    const hungry = await failureOf(
      extractResumeTextIsolated(bomb, 'pdf', DEFAULT_IMPORT_LIMITS, {
        ...DEFAULT_EXTRACTION_SANDBOX,
        maxOldGenerationSizeMb: 32,
        timeoutMs: 60_000,
      }),
    );
    expect(hungry).toMatchObject({ failure: ImportFailure.FileTooComplex });
    // Inflated streams are native buffers, outside the heap cap: the reader's resident size counts.
    const resident = await failureOf(
      extractResumeTextIsolated(bomb, 'pdf', DEFAULT_IMPORT_LIMITS, {
        ...DEFAULT_EXTRACTION_SANDBOX,
        maxResidentMb: 150,
        timeoutMs: 60_000,
      }),
    );
    expect(resident).toMatchObject({
      failure: ImportFailure.FileTooComplex,
      message: expect.stringMatching(/out of memory \(\d+ MB\)/),
    });
    await readsNormally();
  });
});

describe('hostile files through GraphQL importResumeFile (S3 upload, confirm, import worker)', () => {
  let resumes: TestSubgraph;
  let tokens: TestTokenIssuer;
  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    resumes = await startTestSubgraph(resumesSubgraph, { env: { AUTH_JWKS_URL: tokens.jwksUrl } });
  });
  afterAll(async () => {
    await resumes.stop();
    await tokens.close();
  });

  const READ = `query ($id: ID!) { resume(id: $id) { status statusReason statusDetail basics { name } } }`;
  const importFile = async (bytes: Uint8Array, filename: string) => {
    const auth = bearer(await tokens.token({ userId: randomUUID(), role: 'USER' }));
    const created = await resumes.query(
      CREATE_UPLOAD,
      { input: { filename, contentType: 'application/octet-stream', size: bytes.length } },
      auth,
    );
    expect((await postUpload(created.data.createUpload, bytes, filename)).ok).toBe(true);
    const id = created.data.createUpload.id;
    expect(
      (await resumes.query('mutation ($id: ID!) { confirmUpload(id: $id) { id } }', { id }, auth)).errors,
    ).toBeUndefined();
    const res = await resumes.query(
      'mutation ($id: ID!) { importResumeFile(uploadId: $id) { id } }',
      { id },
      auth,
    );
    expect(res.errors).toBeUndefined();
    return eventually(async () => {
      const resume = (await resumes.query(READ, { id: res.data.importResumeFile.id }, auth)).data?.resume;
      return resume && resume.status !== 'PROCESSING' ? resume : undefined;
    }, 60_000);
  };

  it('fails each hostile file with its reason and keeps importing normal resumes', async () => {
    expect(await importFile(hugeDocumentDocx(), 'huge.docx')).toMatchObject({
      status: 'FAILED',
      statusReason: 'ZIP_BOMB',
    });
    expect(await importFile(thousandsOfPagesPdf(), 'pages.pdf')).toMatchObject({
      status: 'FAILED',
      statusReason: 'TOO_LONG',
    });
    expect(await importFile(deeplyNestedDocx(), 'deep.docx')).toMatchObject({
      status: 'FAILED',
      statusReason: 'FILE_TOO_COMPLEX',
      statusDetail: expect.stringMatching(/far more complex than a resume/),
    });
    expect(await importFile(await encryptedPdf(), 'locked.pdf')).toMatchObject({
      status: 'FAILED',
      statusReason: 'ENCRYPTED',
    });
    expect(await importFile(hugeFontPdf(), 'huge-font.pdf')).toMatchObject({
      status: 'PARSED',
      basics: { name: 'Jane Hostile' },
    });
    const normal = await importFile(await renderResumePdf(SAMPLE_RESUMES[0], 'one-column'), 'cv.pdf');
    expect(normal).toMatchObject({ status: 'PARSED', basics: { name: SAMPLE_RESUMES[0].basics.name } });
  });
});
