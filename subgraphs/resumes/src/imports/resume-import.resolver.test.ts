import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@hiregraph/platform/events/envelope';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { resumesSubgraph } from '../subgraph.js';
import { CREATE_UPLOAD, postUpload } from '../uploads/testing/post-upload.js';
import { encryptedPdf, scannedPdf, truncatedPdf } from './testing/failure-fixtures.js';
import { renderResumeDocx } from './testing/render-docx.js';
import { renderResumePdf } from './testing/render-pdf.js';
import { SAMPLE_RESUMES } from './testing/sample-resumes.js';
import { zipSync } from 'fflate';

const IMPORT_FILE = `mutation ($id: ID!) { importResumeFile(uploadId: $id) { id status statusDetail source originalFileKey } }`;
const READ = `query ($id: ID!) { resume(id: $id) { id title status statusReason statusDetail version source
  basics { name email phone } work { name position startDate endDate } education { institution } skills { name keywords } } }`;

/** A Word file whose parts are declared properly (so it passes confirmUpload) but inflate to 60 MB. */
function zipBombDocx(): Uint8Array {
  const types = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
  return zipSync(
    {
      '[Content_Types].xml': new TextEncoder().encode(types),
      'word/document.xml': new Uint8Array(60 * 1024 * 1024),
    },
    { level: 9 },
  );
}

describe('resume import worker', () => {
  let resumes: TestSubgraph;
  let tokens: TestTokenIssuer;
  const statuses: EventEnvelope<'resume.status_changed'>[] = [];
  const parsed: EventEnvelope<'resume.parsed'>[] = [];
  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    resumes = await startTestSubgraph(resumesSubgraph, { env: { AUTH_JWKS_URL: tokens.jwksUrl } });
    await resumes.subgraph.runtime.bus.subscribe('resume.status_changed', 'test_status', async (event) => {
      statuses.push(event);
    });
    await resumes.subgraph.runtime.bus.subscribe('resume.parsed', 'test_parsed', async (event) => {
      parsed.push(event);
    });
  });
  afterAll(async () => {
    await resumes.stop();
    await tokens.close();
  });

  const as = async (userId: string) => bearer(await tokens.token({ userId, role: 'USER' }));
  const confirmed = async (auth: Record<string, string>, bytes: Uint8Array, filename: string) => {
    const created = await resumes.query(
      CREATE_UPLOAD,
      { input: { filename, contentType: 'application/octet-stream', size: bytes.length } },
      auth,
    );
    const presigned = created.data.createUpload;
    expect((await postUpload(presigned, bytes, filename)).ok).toBe(true);
    const res = await resumes.query(
      'mutation ($id: ID!) { confirmUpload(id: $id) { id } }',
      { id: presigned.id },
      auth,
    );
    expect(res.errors).toBeUndefined();
    return presigned.id as string;
  };
  const settled = (id: string, auth: Record<string, string>) =>
    eventually(async () => {
      const res = await resumes.query(READ, { id }, auth);
      const resume = res.data?.resume;
      return resume && resume.status !== 'PROCESSING' ? resume : undefined;
    }, 30_000);
  const importFile = async (auth: Record<string, string>, bytes: Uint8Array, filename: string) => {
    const uploadId = await confirmed(auth, bytes, filename);
    const res = await resumes.query(IMPORT_FILE, { id: uploadId }, auth);
    expect(res.errors).toBeUndefined();
    return { uploadId, resume: res.data.importResumeFile };
  };

  it('imports a two-column PDF: PROCESSING at once, then PARSED with its sections', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    const sample = SAMPLE_RESUMES[0];
    const { resume, uploadId } = await importFile(
      auth,
      await renderResumePdf(sample, 'two-column'),
      'cv.pdf',
    );
    expect(resume).toMatchObject({ status: 'PROCESSING', statusDetail: 'Reading your file', source: 'FILE' });
    expect(resume.originalFileKey).toMatch(new RegExp(`^users/${owner}/uploads/`));

    const done = await settled(resume.id, auth);
    expect(done).toMatchObject({ status: 'PARSED', statusReason: null, version: 2, title: 'cv' });
    expect(done.basics.name).toBe(sample.basics.name);
    expect(done.basics.email).toBe(sample.basics.email);
    expect(done.work.map((w: { name: string }) => w.name)).toEqual(sample.work.map((w) => w.name));

    const steps = await eventually(() => {
      const mine = statuses.filter((e) => e.data.resumeId === resume.id).map((e) => e.data.status);
      return mine.length >= 2 ? mine : undefined;
    });
    expect(steps).toEqual(['PROCESSING', 'PARSED']);
    const event = await eventually(() => parsed.find((e) => e.data.resumeId === resume.id));
    expect(event.data.work.length).toBe(sample.work.length);
    // A file is imported once.
    const again = await resumes.query(IMPORT_FILE, { id: uploadId }, auth);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('keeps a very long bullet (split, with a note) instead of failing the import', async () => {
    const auth = await as(randomUUID());
    const sentence =
      'Owned the billing migration across four regions and every partner integration without downtime. ';
    const longBullet = sentence.repeat(60).trim();
    const text = `Kim Park\nkim@example.com\n\nExperience\nStaff Engineer, Acme Corp\nJan 2019 - Present\n- ${longBullet}\n`;
    const res = await resumes.query(
      'mutation ($t: String!) { importResumeText(text: $t) { id } }',
      { t: text },
      auth,
    );
    const done = await settled(res.data.importResumeText.id, auth);
    expect(done.status).toBe('PARSED');
    expect(done.statusDetail).toMatch(/split or shortened/);
    const read = await resumes.query(
      'query ($id: ID!) { resume(id: $id) { work { highlights } } }',
      { id: done.id },
      auth,
    );
    const highlights: string[] = read.data.resume.work[0].highlights;
    expect(highlights.length).toBeGreaterThan(1);
    expect(highlights.join(' ')).toBe(longBullet);
  });

  it('imports a DOCX and pasted text through the same worker', async () => {
    const auth = await as(randomUUID());
    const { resume } = await importFile(auth, await renderResumeDocx(SAMPLE_RESUMES[1]), 'word.docx');
    expect((await settled(resume.id, auth)).basics.name).toBe(SAMPLE_RESUMES[1].basics.name);

    const text = `Jane Doe\njane@example.com\n\nExperience\nSenior Engineer, Acme Corp\nJan 2019 - Present\n- Led the payments team\n\nSkills\nTypeScript, PostgreSQL, Kubernetes\n`;
    const res = await resumes.query(
      'mutation ($t: String!) { importResumeText(text: $t) { id status source } }',
      { t: text },
      auth,
    );
    expect(res.data.importResumeText).toMatchObject({ status: 'PROCESSING', source: 'TEXT' });
    const done = await settled(res.data.importResumeText.id, auth);
    expect(done).toMatchObject({ status: 'PARSED', title: 'Jane Doe (imported)' });
    expect(done.basics).toMatchObject({ name: 'Jane Doe', email: 'jane@example.com' });
    // resume.parsed carries skills normalized by the shared taxonomy: canonical names and ids.
    const event = await eventually(() => parsed.find((e) => e.data.resumeId === done.id));
    expect(event.data.skills).toEqual(
      expect.arrayContaining([
        { id: 'typescript', name: 'TypeScript', raw: 'TypeScript' },
        expect.objectContaining({ id: 'kubernetes', raw: 'Kubernetes' }),
      ]),
    );
    const blank = await resumes.query('mutation { importResumeText(text: "  \\n ") { id } }', {}, auth);
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EMPTY' });
  });

  it.each([
    ['a corrupt PDF', () => truncatedPdf(), 'cv.pdf', 'CORRUPT'],
    ['an encrypted PDF', () => encryptedPdf(), 'cv.pdf', 'ENCRYPTED'],
    ['a scanned PDF', () => scannedPdf(), 'scan.pdf', 'SCANNED_PDF'],
    ['a DOCX zip bomb', async () => zipBombDocx(), 'bomb.docx', 'ZIP_BOMB'],
    ['a text file without words', async () => new TextEncoder().encode(' \n--- \n***\n'), 'cv.txt', 'EMPTY'],
  ])('marks %s FAILED with a reason a person understands', async (_label, make, filename, reason) => {
    const auth = await as(randomUUID());
    const { resume } = await importFile(auth, await make(), filename);
    const done = await settled(resume.id, auth);
    expect(done).toMatchObject({ status: 'FAILED', statusReason: reason });
    expect(done.statusDetail.length).toBeGreaterThan(20);
    // Served from the cache once a read filled it: the same answer, reason included.
    const { redis } = resumes.subgraph.runtime;
    await eventually(async () => {
      await resumes.query(READ, { id: resume.id }, auth);
      return (await redis.exists(`cache:resume:${resume.id}`)) === 1;
    });
    expect((await resumes.query(READ, { id: resume.id }, auth)).data.resume).toEqual(done);
    const failed = await eventually(() =>
      statuses.find((e) => e.data.resumeId === resume.id && e.data.status === 'FAILED'),
    );
    expect(failed.data.detail).toBe(done.statusDetail);
    expect(parsed.some((e) => e.data.resumeId === resume.id)).toBe(false);
  });

  it("refuses another user's upload, unconfirmed uploads and images", async () => {
    const owner = await as(randomUUID());
    const uploadId = await confirmed(owner, new TextEncoder().encode('Ann Lee\nann@example.com'), 'cv.txt');
    const other = await resumes.query(IMPORT_FILE, { id: uploadId }, await as(randomUUID()));
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await resumes.query(IMPORT_FILE, { id: randomUUID() }, owner);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const pending = await resumes.query(
      CREATE_UPLOAD,
      { input: { filename: 'cv.pdf', contentType: 'application/pdf', size: 100 } },
      owner,
    );
    const unconfirmed = await resumes.query(IMPORT_FILE, { id: pending.data.createUpload.id }, owner);
    expect(unconfirmed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'uploadId' });

    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const image = await confirmed(owner, new Uint8Array(png), 'photo.png');
    const res = await resumes.query(IMPORT_FILE, { id: image }, owner);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNSUPPORTED_TYPE' });
    // Nothing half-written: no resume was created by the refused imports.
    const mine = await resumes.query('{ myResumes { totalCount } }', {}, owner);
    expect(mine.data.myResumes.totalCount).toBe(0);
  });
});
