import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { resumesSubgraph } from '../subgraph.js';
import { Upload } from '../uploads/upload.entity.js';
import { CREATE_UPLOAD, postUpload, type PresignedUploadPayload } from '../uploads/testing/post-upload.js';
import { ResumeAttachment } from './attachment.entity.js';

const CREATE_RESUME = 'mutation ($input: CreateResumeInput!) { createResume(input: $input) { id } }';
const CONFIRM = 'mutation ($id: ID!) { confirmUpload(id: $id) { id status } }';
const FIELDS = 'id resumeId name contentType size position';
const ADD = `mutation ($resumeId: ID!, $uploadId: ID!, $name: String!) {
  addAttachment(resumeId: $resumeId, uploadId: $uploadId, name: $name) { ${FIELDS} }
}`;
const RENAME = `mutation ($id: ID!, $name: String!) { renameAttachment(id: $id, name: $name) { ${FIELDS} } }`;
const REORDER = `mutation ($resumeId: ID!, $attachmentIds: [ID!]!) {
  reorderAttachments(resumeId: $resumeId, attachmentIds: $attachmentIds) { id position }
}`;
const DELETE = 'mutation ($id: ID!) { deleteAttachment(id: $id) }';
const LIST = `query ($resumeId: ID!) { attachments(resumeId: $resumeId) { ${FIELDS} downloadUrl } }`;

type Headers = Record<string, string>;

describe('resume attachments', () => {
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

  const as = async (userId: string, role: 'USER' | 'ADMIN' = 'USER') =>
    bearer(await tokens.token({ userId, role }));
  const storage = () => resumes.subgraph.runtime.storage;
  const bucket = () => resumes.subgraph.runtime.config.S3_BUCKET;
  const objectExists = (key: string) =>
    storage()
      .statObject(bucket(), key)
      .then(
        () => true,
        () => false,
      );

  const createResume = async (auth: Headers): Promise<string> => {
    const res = await resumes.query(CREATE_RESUME, { input: { title: 'CV' } }, auth);
    expect(res.errors).toBeUndefined();
    return res.data.createResume.id;
  };
  /** An upload whose file is in the bucket; confirmed unless told otherwise. */
  const uploadFile = async (auth: Headers, text: string, confirm = true): Promise<string> => {
    const bytes = new TextEncoder().encode(text);
    const started = await resumes.query<{ createUpload: PresignedUploadPayload }>(
      CREATE_UPLOAD,
      { input: { filename: 'letter.txt', contentType: 'text/plain', size: bytes.length } },
      auth,
    );
    expect(started.errors).toBeUndefined();
    const presigned = started.data!.createUpload;
    expect((await postUpload(presigned, bytes, 'letter.txt')).status).toBeLessThan(300);
    if (confirm) {
      const confirmed = await resumes.query(CONFIRM, { id: presigned.id }, auth);
      expect(confirmed.data?.confirmUpload.status).toBe('CONFIRMED');
    }
    return presigned.id;
  };
  const add = (auth: Headers, resumeId: string, uploadId: string, name = 'Letter') =>
    resumes.query(ADD, { resumeId, uploadId, name }, auth);
  /** A resume of a new user with one attachment per text, in that order. */
  const resumeWith = async (...texts: string[]) => {
    const auth = await as(randomUUID());
    const resumeId = await createResume(auth);
    const ids: string[] = [];
    for (const [index, text] of texts.entries()) {
      const res = await add(auth, resumeId, await uploadFile(auth, text), `File ${index}`);
      expect(res.errors).toBeUndefined();
      ids.push(res.data.addAttachment.id);
    }
    return { auth, resumeId, ids };
  };
  const rows = (resumeId: string) =>
    resumes.em().find(ResumeAttachment, { resumeId }, { orderBy: { position: 'asc' } });

  it('attaches confirmed uploads last, with the detected type and real size, and uses each once', async () => {
    const auth = await as(randomUUID());
    const resumeId = await createResume(auth);
    const first = await uploadFile(auth, 'Dear reader');
    const res = await add(auth, resumeId, first, '  Cover letter  ');
    expect(res.errors).toBeUndefined();
    expect(res.data.addAttachment).toMatchObject({
      resumeId,
      name: 'Cover letter',
      contentType: 'text/plain',
      size: 11,
      position: 0,
    });
    const second = await add(auth, resumeId, await uploadFile(auth, 'Certificate'), 'Certificate');
    expect(second.data.addAttachment.position).toBe(1);
    expect((await resumes.em().findOneOrFail(Upload, { id: first })).claimedBy).toBe(
      `attachment:${res.data.addAttachment.id}`,
    );

    const again = await add(auth, resumeId, first, 'Twice');
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'uploadId' });
    expect((await rows(resumeId)).map((a) => a.name)).toEqual(['Cover letter', 'Certificate']);
  });

  it('refuses unconfirmed, unknown and other people’s uploads, other people’s resumes and bad names, writing nothing', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    const resumeId = await createResume(auth);
    const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0].extensions;

    const unconfirmed = await uploadFile(auth, 'Not confirmed yet', false);
    expect(code(await add(auth, resumeId, unconfirmed))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'uploadId',
    });
    expect((await resumes.em().findOneOrFail(Upload, { id: unconfirmed })).claimedBy).toBeNull();
    expect(code(await add(auth, resumeId, randomUUID()))).toMatchObject({ code: 'NOT_FOUND' });
    expect(code(await add(auth, resumeId, 'not-a-uuid'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'uploadId',
    });

    const strangerAuth = await as(randomUUID());
    const strangersUpload = await uploadFile(strangerAuth, 'Not yours');
    expect(code(await add(auth, resumeId, strangersUpload))).toMatchObject({ code: 'FORBIDDEN' });
    // Someone else's resume, even with their own upload.
    expect(code(await add(strangerAuth, resumeId, strangersUpload))).toMatchObject({ code: 'FORBIDDEN' });
    // An admin cannot move one person's file onto another person's resume.
    const admin = await as(randomUUID(), 'ADMIN');
    expect(code(await add(admin, resumeId, strangersUpload))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await resumes.em().findOneOrFail(Upload, { id: strangersUpload })).claimedBy).toBeNull();

    const good = await uploadFile(auth, 'Fine');
    expect(code(await add(auth, resumeId, good, '   '))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
    expect(code(await add(auth, resumeId, good, 'x'.repeat(201)))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
    expect((await resumes.em().findOneOrFail(Upload, { id: good })).claimedBy).toBeNull();
    expect(await rows(resumeId)).toEqual([]);

    // The admin may attach the owner's own upload for them.
    const byAdmin = await add(admin, resumeId, good, 'Added by support');
    expect(byAdmin.errors).toBeUndefined();
    expect((await rows(resumeId)).map((a) => [a.name, a.ownerId])).toEqual([['Added by support', owner]]);
  });

  it('renames with the name trimmed, refusing empty, too long and control-character names', async () => {
    const { auth, resumeId, ids } = await resumeWith('Dear reader');
    const [id] = ids;
    for (const name of ['', '   ', 'x'.repeat(201), 'Line\nbreak']) {
      const res = await resumes.query(RENAME, { id, name }, auth);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    }
    expect((await rows(resumeId))[0].name).toBe('File 0');

    const longest = 'y'.repeat(200);
    const renamed = await resumes.query(RENAME, { id, name: ` ${longest} ` }, auth);
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.renameAttachment.name).toBe(longest);
    expect((await rows(resumeId))[0].name).toBe(longest);

    const stranger = await resumes.query(RENAME, { id, name: 'Mine' }, await as(randomUUID()));
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await resumes.query(RENAME, { id: randomUUID(), name: 'Gone' }, auth);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await rows(resumeId))[0].name).toBe(longest);
  });

  it('reorders when every attachment is listed exactly once, and refuses any other list', async () => {
    const { auth, resumeId, ids } = await resumeWith('a', 'b', 'c');
    const [a, b, c] = ids;
    const other = await resumeWith('d');
    const refusals = [
      [a, b],
      [a, b, c, a],
      [a, b, b],
      [a, b, randomUUID()],
      [a, b, other.ids[0]],
      [a, b, 'nope'],
      [],
    ];
    for (const attachmentIds of refusals) {
      const res = await resumes.query(REORDER, { resumeId, attachmentIds }, auth);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachmentIds' });
    }
    expect((await rows(resumeId)).map((row) => row.id)).toEqual([a, b, c]);

    const stranger = await resumes.query(REORDER, { resumeId, attachmentIds: [c, a, b] }, other.auth);
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await resumes.query(REORDER, { resumeId: randomUUID(), attachmentIds: [] }, auth);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const res = await resumes.query(REORDER, { resumeId, attachmentIds: [c, a, b] }, auth);
    expect(res.errors).toBeUndefined();
    expect(res.data.reorderAttachments).toEqual([
      { id: c, position: 0 },
      { id: a, position: 1 },
      { id: b, position: 2 },
    ]);
    const listed = await resumes.query(LIST, { resumeId }, auth);
    expect(listed.data.attachments.map((row: { id: string }) => row.id)).toEqual([c, a, b]);
  });

  it('deletes the attachment, its upload and its file, closing the gap in positions', async () => {
    const { auth, resumeId, ids } = await resumeWith('a', 'b', 'c');
    const [a, b, c] = ids;
    const doomed = await resumes.em().findOneOrFail(ResumeAttachment, { id: b });
    expect(await objectExists(doomed.objectKey)).toBe(true);

    const stranger = await resumes.query(DELETE, { id: b }, await as(randomUUID()));
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await objectExists(doomed.objectKey)).toBe(true);

    const res = await resumes.query(DELETE, { id: b }, auth);
    expect(res.errors).toBeUndefined();
    expect(res.data.deleteAttachment).toBe(true);
    expect(await objectExists(doomed.objectKey)).toBe(false);
    expect(await resumes.em().findOne(Upload, { id: doomed.uploadId })).toBeNull();
    expect((await rows(resumeId)).map((row) => [row.id, row.position])).toEqual([
      [a, 0],
      [c, 1],
    ]);
    const kept = await rows(resumeId);
    for (const row of kept) expect(await objectExists(row.objectKey)).toBe(true);

    const again = await resumes.query(DELETE, { id: b }, auth);
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // The next one goes last, after the gap closed.
    const added = await add(auth, resumeId, await uploadFile(auth, 'd'));
    expect(added.data.addAttachment.position).toBe(2);

    // Deleting the resume takes the remaining files with it.
    const deleted = await resumes.query(
      'mutation ($id: ID!) { deleteResume(id: $id) }',
      { id: resumeId },
      auth,
    );
    expect(deleted.errors).toBeUndefined();
    expect(await rows(resumeId)).toEqual([]);
    for (const row of kept) expect(await objectExists(row.objectKey)).toBe(false);
  });

  it('gives a download link that serves the bytes under the attachment’s name, to the owner only', async () => {
    const text = 'Dear reader — with thanks';
    const { auth, resumeId } = await resumeWith(text);
    const [row] = await rows(resumeId);
    const name = `Ann's "letter" (final), Zürich*.txt`;
    expect((await resumes.query(RENAME, { id: row.id, name }, auth)).errors).toBeUndefined();

    const listed = await resumes.query(LIST, { resumeId }, auth);
    expect(listed.errors).toBeUndefined();
    const response = await fetch(listed.data.attachments[0].downloadUrl);
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe(text);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="Ann's _letter_ \(final\), Z_rich\*\.txt"/);
    // RFC 8187: the extended value percent-encodes everything outside attr-char, ' ( ) * included.
    const extended = /filename\*=UTF-8''(.+)$/.exec(disposition)![1];
    expect(extended).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(extended)).toBe(name);

    const stranger = await resumes.query(LIST, { resumeId }, await as(randomUUID()));
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
