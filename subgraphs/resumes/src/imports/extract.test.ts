import { extractResumeText } from './extract.js';
import { ImportFailure, ResumeImportError } from './import-error.js';
import { DEFAULT_IMPORT_LIMITS } from './limits.js';
import { blankPdf, encryptedPdf, scannedPdf, truncatedPdf, zipBombDocx } from './testing/failure-fixtures.js';
import { renderResumeDocx } from './testing/render-docx.js';
import { renderResumePdf } from './testing/render-pdf.js';
import { SAMPLE_RESUMES } from './testing/sample-resumes.js';

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResumeImportError);
  return (error as ResumeImportError).failure;
}

const jane = SAMPLE_RESUMES[0];

describe('extractResumeText', () => {
  it('reads a one-column PDF into markdown with sections', async () => {
    const { markdown, pageCount } = await extractResumeText(await renderResumePdf(jane, 'one-column'), 'pdf');
    expect(pageCount).toBe(1);
    expect(markdown).toMatch(/^# Jane Doe$/m);
    expect(markdown).toMatch(/^## EXPERIENCE$/m);
    expect(markdown).toMatch(/^- Led the migration/m);
  });

  it('does not interleave the sidebar with the main column of a two-column PDF', async () => {
    const { markdown } = await extractResumeText(await renderResumePdf(jane, 'two-column'), 'pdf');
    const lines = markdown.split('\n');
    const skills = lines.indexOf('## SKILLS');
    const experience = lines.indexOf('## EXPERIENCE');
    expect(skills).toBeGreaterThan(0);
    expect(experience).toBeGreaterThan(0);
    // The sidebar (contact, skills) is read as one block, entirely before the main column.
    const sidebar = lines.slice(lines.indexOf('## CONTACT'), lines.indexOf('## SUMMARY'));
    // The wrapped skills line is joined to the line it continues.
    expect(sidebar.join('\n')).toContain('Languages: Go, TypeScript, Python');
    expect(sidebar.join('\n')).not.toMatch(/Stripe|Dropbox|Backend engineer/);
    expect(lines.some((line) => line.includes('|') && /Infrastructure|Stripe/.test(line))).toBe(false);
  });

  it('keeps table rows together left to right', async () => {
    const { markdown } = await extractResumeText(await renderResumePdf(jane, 'table'), 'pdf');
    expect(markdown).toContain('Senior Software Engineer | Stripe Inc | Jan 2020 – Present');
    expect(markdown).toContain('Software Engineer | Dropbox | Jun 2016 – Dec 2019');
  });

  it('reads a DOCX with headings, bullets and table rows', async () => {
    const { markdown } = await extractResumeText(await renderResumeDocx(jane), 'docx');
    expect(markdown).toMatch(/^# Jane Doe$/m);
    expect(markdown).toMatch(/^## Work History$/m);
    expect(markdown).toMatch(/^- Mentored five engineers/m);
    expect(markdown).toContain('B.S. in Computer Science | University of California, Berkeley | 2012 – 2016');
  });

  it('refuses a scanned PDF without a text layer', async () => {
    expect(await failureOf(extractResumeText(await scannedPdf(), 'pdf'))).toBe(ImportFailure.ScannedPdf);
    expect(await failureOf(extractResumeText(await blankPdf(), 'pdf'))).toBe(ImportFailure.ScannedPdf);
  });

  it('refuses a password-protected PDF', async () => {
    expect(await failureOf(extractResumeText(await encryptedPdf(), 'pdf'))).toBe(ImportFailure.Encrypted);
  });

  it('refuses a truncated PDF and random bytes as corrupt', async () => {
    expect(await failureOf(extractResumeText(await truncatedPdf(), 'pdf'))).toBe(ImportFailure.Corrupt);
    expect(await failureOf(extractResumeText(new TextEncoder().encode('%PDF-1.7 nonsense'), 'pdf'))).toBe(
      ImportFailure.Corrupt,
    );
    expect(await failureOf(extractResumeText(new TextEncoder().encode('not a zip'), 'docx'))).toBe(
      ImportFailure.Corrupt,
    );
  });

  it('refuses a DOCX zip bomb before inflating it', async () => {
    const bomb = zipBombDocx(6);
    expect(bomb.length).toBeLessThan(64 * 1024);
    // By compression ratio...
    expect(await failureOf(extractResumeText(bomb, 'docx'))).toBe(ImportFailure.ZipBomb);
    // ...and by total declared size, even when the ratio would pass.
    const lenient = {
      ...DEFAULT_IMPORT_LIMITS,
      maxCompressionRatio: 1e9,
      maxUncompressedBytes: 4 * 1024 * 1024,
    };
    expect(await failureOf(extractResumeText(bomb, 'docx', lenient))).toBe(ImportFailure.ZipBomb);
  });

  it('refuses empty files and too many pages or characters', async () => {
    expect(await failureOf(extractResumeText(new Uint8Array(), 'txt'))).toBe(ImportFailure.Empty);
    expect(await failureOf(extractResumeText(new TextEncoder().encode('  \n\n \t'), 'txt'))).toBe(
      ImportFailure.Empty,
    );
    const pdf = await renderResumePdf(jane, 'one-column');
    expect(await failureOf(extractResumeText(pdf, 'pdf', { ...DEFAULT_IMPORT_LIMITS, maxChars: 200 }))).toBe(
      ImportFailure.TooLong,
    );
    expect(
      await failureOf(
        extractResumeText(await scannedPdf(), 'pdf', { ...DEFAULT_IMPORT_LIMITS, maxPages: 1 }),
      ),
    ).toBe(ImportFailure.TooLong);
  });

  it('gives a reason a person understands', async () => {
    const error = (await extractResumeText(await encryptedPdf(), 'pdf').catch(
      (e: unknown) => e,
    )) as ResumeImportError;
    expect(error.message).toMatch(/password/i);
    expect(error.toGraphQLError().extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ENCRYPTED' });
  });
});
