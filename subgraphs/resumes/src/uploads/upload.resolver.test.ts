import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { renderResumePdf } from '../imports/testing/render-pdf.js';
import { renderResumeDocx } from '../imports/testing/render-docx.js';
import { SAMPLE_RESUMES } from '../imports/testing/sample-resumes.js';
import { resumesSubgraph } from '../subgraph.js';
import { Upload, UploadStatus } from './upload.entity.js';
import { MAX_UPLOAD_BYTES, UPLOAD_TTL_MS, UploadService } from './upload.service.js';
import { CREATE_UPLOAD, postUpload, type PresignedUploadPayload } from './testing/post-upload.js';

const CONFIRM = 'mutation ($id: ID!) { confirmUpload(id: $id) { id status size contentType filename } }';

describe('uploads', () => {
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

  const as = async (userId: string) => bearer(await tokens.token({ userId, role: 'USER' }));
  const storage = () => resumes.subgraph.runtime.storage;
  const bucket = () => resumes.subgraph.runtime.config.S3_BUCKET;
  const objectExists = async (key: string) =>
    storage()
      .statObject(bucket(), key)
      .then(
        () => true,
        () => false,
      );
  const start = async (
    auth: Record<string, string>,
    input: { filename: string; contentType: string; size: number },
  ): Promise<PresignedUploadPayload> => {
    const res = await resumes.query(CREATE_UPLOAD, { input }, auth);
    expect(res.errors).toBeUndefined();
    return res.data.createUpload;
  };
  /** createUpload, the POST to S3, confirmUpload: the response of the last. */
  const upload = async (auth: Record<string, string>, bytes: Uint8Array, filename: string, type: string) => {
    const presigned = await start(auth, { filename, contentType: type, size: bytes.length });
    const posted = await postUpload(presigned, bytes, filename);
    expect(posted.status).toBeLessThan(300);
    return { presigned, res: await resumes.query(CONFIRM, { id: presigned.id }, auth) };
  };
  const keyOf = async (id: string) => (await resumes.em().findOneOrFail(Upload, { id })).objectKey;

  it('accepts PDF, DOCX and text by their content, recording the real size and type', async () => {
    const auth = await as(randomUUID());
    const pdf = await renderResumePdf(SAMPLE_RESUMES[0], 'one-column');
    const pdfUpload = await upload(auth, pdf, 'cv.docx', 'application/msword'); // name and claim lie
    expect(pdfUpload.presigned.method).toBe('POST');
    expect(pdfUpload.res.errors).toBeUndefined();
    expect(pdfUpload.res.data.confirmUpload).toMatchObject({
      status: 'CONFIRMED',
      size: pdf.length,
      contentType: 'application/pdf',
      filename: 'cv.docx',
    });
    const docx = await upload(auth, await renderResumeDocx(SAMPLE_RESUMES[1]), 'cv.pdf', 'application/pdf');
    expect(docx.res.data?.confirmUpload.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const text = await upload(auth, new TextEncoder().encode('Ann Lee\nEngineer — Zürich\n'), 'cv', 'x/y');
    expect(text.res.data?.confirmUpload.contentType).toBe('text/plain');
    // Confirming again changes nothing.
    const again = await resumes.query(CONFIRM, { id: text.presigned.id }, auth);
    expect(again.data.confirmUpload.status).toBe('CONFIRMED');
  });

  it('refuses wrong magic bytes whatever the name says, and deletes the object', async () => {
    const auth = await as(randomUUID());
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(200).fill(0)]);
    const { presigned, res } = await upload(auth, elf, 'resume.pdf', 'application/pdf');
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNSUPPORTED_TYPE' });
    const row = await resumes.em().findOneOrFail(Upload, { id: presigned.id });
    expect(row.status).toBe(UploadStatus.REJECTED);
    expect(await objectExists(row.objectKey)).toBe(false);
    // Text with NUL bytes, a zip that is no Word document: refused too.
    const nul = await upload(auth, new TextEncoder().encode('Ann\u0000Lee'), 'cv.txt', 'text/plain');
    expect(nul.res.errors?.[0].extensions?.reason).toBe('UNSUPPORTED_TYPE');
    const again = await resumes.query(CONFIRM, { id: presigned.id }, auth);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REJECTED' });
  });

  it('refuses an 11 MB file: at createUpload, by the storage policy, and again at confirmation', async () => {
    const auth = await as(randomUUID());
    const eleven = 11 * 1024 * 1024;
    const declared = await resumes.query(
      CREATE_UPLOAD,
      { input: { filename: 'big.pdf', contentType: 'application/pdf', size: eleven } },
      auth,
    );
    expect(declared.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'size' });

    // A client that lies about the size: the signed policy's content-length-range refuses the POST.
    const big = new Uint8Array(eleven);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const lying = await start(auth, { filename: 'big.pdf', contentType: 'application/pdf', size: 1000 });
    const posted = await postUpload(lying, big, 'big.pdf');
    const key = await keyOf(lying.id);
    if (posted.ok) {
      // A store that does not enforce the policy (some S3 emulators): confirmUpload still refuses.
      const res = await resumes.query(CONFIRM, { id: lying.id }, auth);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_LARGE' });
    } else {
      expect(posted.status).toBe(400);
      expect(await posted.text()).toMatch(/EntityTooLarge/);
    }
    expect(await objectExists(key)).toBe(false);

    // Whatever reached the bucket (e.g. written around the policy), confirmation measures the object.
    const sneaky = await start(auth, { filename: 'big.pdf', contentType: 'application/pdf', size: 1000 });
    const sneakyKey = await keyOf(sneaky.id);
    await storage().putObject(bucket(), sneakyKey, Buffer.from(big));
    const res = await resumes.query(CONFIRM, { id: sneaky.id }, auth);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_LARGE' });
    expect(res.errors?.[0].message).toMatch(/11\.0 MB/);
    expect(await objectExists(sneakyKey)).toBe(false);
    expect(MAX_UPLOAD_BYTES).toBe(10 * 1024 * 1024);
  });

  it('refuses an empty file and a confirmation before the file arrived', async () => {
    const auth = await as(randomUUID());
    const presigned = await start(auth, { filename: 'cv.txt', contentType: 'text/plain', size: 10 });
    const early = await resumes.query(CONFIRM, { id: presigned.id }, auth);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_UPLOADED' });
    // The policy's range starts at 1 byte; written around it, confirmation refuses the empty object.
    await storage().putObject(bucket(), await keyOf(presigned.id), Buffer.alloc(0));
    const res = await resumes.query(CONFIRM, { id: presigned.id }, auth);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EMPTY' });
    const declared = await resumes.query(
      CREATE_UPLOAD,
      { input: { filename: 'cv.txt', contentType: 'text/plain', size: 0 } },
      auth,
    );
    expect(declared.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'size' });
  });

  it("refuses another user's upload id (FORBIDDEN) and unknown ids (NOT_FOUND)", async () => {
    const owner = await as(randomUUID());
    const { presigned } = await upload(owner, new TextEncoder().encode('Ann Lee'), 'cv.txt', 'text/plain');
    const other = await resumes.query(CONFIRM, { id: presigned.id }, await as(randomUUID()));
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await resumes.query(CONFIRM, { id: randomUUID() }, owner);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const anonymous = await resumes.query(CONFIRM, { id: presigned.id });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('deletes uploads nobody used after 24 hours (object and row), keeping used ones', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    const unused = await start(auth, { filename: 'a.txt', contentType: 'text/plain', size: 5 });
    await postUpload(unused, new TextEncoder().encode('hello'));
    const used = await upload(auth, new TextEncoder().encode('hello'), 'b.txt', 'text/plain');
    await resumes.em().nativeUpdate(Upload, { id: used.presigned.id }, { claimedBy: 'attachment:test' });
    const unusedKey = await keyOf(unused.id);
    const service = new UploadService(resumes.em(), resumes.subgraph.runtime);
    expect(await service.removeExpired(new Date())).toBe(0);
    expect(await objectExists(unusedKey)).toBe(true);
    const later = new Date(Date.now() + UPLOAD_TTL_MS + 60_000);
    expect(await service.removeExpired(later)).toBeGreaterThanOrEqual(1);
    expect(await resumes.em().findOne(Upload, { id: unused.id })).toBeNull();
    expect(await objectExists(unusedKey)).toBe(false);
    expect(await resumes.em().findOne(Upload, { id: used.presigned.id })).not.toBeNull();
    expect(await objectExists(await keyOf(used.presigned.id))).toBe(true);
  });
});
