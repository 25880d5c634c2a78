import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type EventEnvelope } from '@hiregraph/platform/events/envelope';
import { newId } from '@hiregraph/platform/ids';
import { extractRequirements } from '@hiregraph/requirements/requirements';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { resumesSubgraph } from '../subgraph.js';
import { CREATE_UPLOAD, postUpload } from '../uploads/testing/post-upload.js';
import {
  jobDescriptionDocx,
  jobDescriptionPdf,
  JOB_DESCRIPTION,
} from '../uploads/testing/job-description.js';
import { UPLOAD_TEXT_CONSUMER } from './upload-text.consumers.js';
import { UploadTextService } from './upload-text.service.js';

describe("an upload's text for requirements (requirements.upload_submitted → upload.text_extracted)", () => {
  let resumes: TestSubgraph;
  let tokens: TestTokenIssuer;
  const answers: EventEnvelope<'upload.text_extracted'>[] = [];

  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    resumes = await startTestSubgraph(resumesSubgraph, { env: { AUTH_JWKS_URL: tokens.jwksUrl } });
    await resumes.subgraph.runtime.bus.subscribe('upload.text_extracted', 'test_text', async (event) => {
      answers.push(event);
    });
  });
  afterAll(async () => {
    await resumes.stop();
    await tokens.close();
  });

  const as = async (userId: string) => bearer(await tokens.token({ userId, role: 'USER' }));

  /** An upload of `bytes` by `auth`, posted to S3 and (unless told not to) confirmed. */
  async function uploaded(auth: Record<string, string>, bytes: Uint8Array, filename: string, confirm = true) {
    const created = await resumes.query(
      CREATE_UPLOAD,
      { input: { filename, contentType: 'application/octet-stream', size: bytes.length } },
      auth,
    );
    const presigned = created.data.createUpload;
    expect((await postUpload(presigned, bytes, filename)).ok).toBe(true);
    if (confirm) {
      const res = await resumes.query(
        'mutation ($id: ID!) { confirmUpload(id: $id) { id } }',
        { id: presigned.id },
        auth,
      );
      expect(res.errors).toBeUndefined();
    }
    return presigned.id as string;
  }

  const submit = async (ownerId: string, uploadId: string, requirementsId = newId()) => {
    const event = createEvent(
      'requirements.upload_submitted',
      { requirementsId, ownerId, uploadId },
      { producer: 'matching' },
    );
    await resumes.subgraph.runtime.bus.publish(event);
    return event;
  };
  const answerTo = (requirementsId: string) =>
    eventually(() => answers.find((event) => event.data.requirementsId === requirementsId), 20_000);
  const claimOf = async (uploadId: string) =>
    (await resumes.em().execute('select claimed_by from uploads where id = ?', [uploadId]))[0]?.claimed_by;

  it('reads a DOCX, a PDF and a text file and marks each upload used', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    const files: [Uint8Array, string][] = [
      [await jobDescriptionDocx(), 'job.docx'],
      [await jobDescriptionPdf(), 'job.pdf'],
      [new TextEncoder().encode(JOB_DESCRIPTION.join('\n')), 'job.txt'],
    ];
    for (const [bytes, filename] of files) {
      const uploadId = await uploaded(auth, bytes, filename);
      const submitted = await submit(owner, uploadId);
      const answer = await answerTo(submitted.data.requirementsId);
      expect(answer.data).toMatchObject({ ownerId: owner, uploadId, error: null });
      for (const expected of [
        'Requirements',
        'TypeScript',
        'PostgreSQL',
        '5+ years of experience',
        'Terraform',
      ])
        expect(`${filename}: ${answer.data.text}`).toContain(expected);
      // What matching will extract from it: the key skills under the heading, the rest as nice to have.
      const extracted = extractRequirements({ title: 'Backend Engineer', description: answer.data.text! });
      expect({ filename, ...extracted }).toMatchObject({
        filename,
        years: 5,
        requiredSkills: ['typescript', 'postgresql', 'kubernetes'],
        preferredSkills: ['terraform'],
      });
      expect(await claimOf(uploadId)).toBe(`requirements:${submitted.data.requirementsId}`);

      // Used once: another request for the same file is refused, and the answer is not repeated.
      const again = await submit(owner, uploadId);
      expect((await answerTo(again.data.requirementsId)).data).toMatchObject({
        text: null,
        error: { code: 'ALREADY_USED' },
      });
      const service = new UploadTextService(resumes.em() as EntityManager, resumes.subgraph.runtime);
      expect(await service.extractForRequirements(submitted, UPLOAD_TEXT_CONSUMER)).toBe(false);
      expect(
        answers.filter((event) => event.data.requirementsId === submitted.data.requirementsId),
      ).toHaveLength(1);
    }
  });

  it("refuses another user's upload, an unconfirmed or unknown one, and leaves them unused", async () => {
    const owner = randomUUID();
    const stranger = randomUUID();
    const bytes = await jobDescriptionDocx();
    const theirs = await uploaded(await as(owner), bytes, 'job.docx');
    const stolen = await submit(stranger, theirs);
    expect((await answerTo(stolen.data.requirementsId)).data).toMatchObject({
      ownerId: stranger,
      text: null,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/another user/) },
    });
    expect(await claimOf(theirs)).toBeNull();

    const unconfirmed = await uploaded(await as(owner), bytes, 'job.docx', false);
    const early = await submit(owner, unconfirmed);
    expect((await answerTo(early.data.requirementsId)).data.error).toMatchObject({ code: 'NOT_CONFIRMED' });
    expect(await claimOf(unconfirmed)).toBeNull();

    const unknown = await submit(owner, newId());
    expect((await answerTo(unknown.data.requirementsId)).data.error).toMatchObject({ code: 'NOT_FOUND' });

    // The owner's own request still works: the refusals used nothing up.
    const own = await submit(owner, theirs);
    expect((await answerTo(own.data.requirementsId)).data.text).toContain('Kubernetes');
  });

  it('answers an unreadable file with the extraction failure, coded', async () => {
    const owner = randomUUID();
    const uploadId = await uploaded(
      await as(owner),
      new TextEncoder().encode('  \n\t\n  ---  \n'),
      'blank.txt',
    );
    const submitted = await submit(owner, uploadId);
    expect((await answerTo(submitted.data.requirementsId)).data).toMatchObject({
      text: null,
      error: { code: 'EMPTY', message: expect.any(String) },
    });
  });
});
