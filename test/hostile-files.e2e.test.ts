import { eventually } from '@hiregraph/platform/testing/namespace';
import {
  deeplyNestedDocx,
  hugeDocumentDocx,
  hugeFontPdf,
  plainResumePdf,
} from '@hiregraph/subgraph-resumes/imports/hostile/hostile-files';
import { startE2EPlatform, type Account, type E2EPlatform } from './support/platform.js';
import { confirmedUpload } from './support/uploads.js';

const READ_RESUME = `query ($id: ID!) { resume(id: $id) { status statusReason statusDetail basics { name } } }`;
const READ_REQUIREMENTS = `query ($id: ID!) { requirements(id: $id) { status failureCode failureReason } }`;

/**
 * Hostile files through the whole platform: presigned POST to S3, confirmUpload, then
 * importResumeFile (the resumes import worker) or createRequirements (the job-description reader).
 * Each fails with its coded reason, the services stay up, and a normal resume imports afterwards.
 */
describe('hostile resume files, through the gateway', () => {
  let e2e: E2EPlatform;
  beforeAll(async () => {
    e2e = await startE2EPlatform('hostile');
  }, 120_000);
  afterAll(() => e2e?.stop());

  async function importFile(account: Account, bytes: Uint8Array, filename: string) {
    const uploadId = await confirmedUpload(e2e, account, bytes, filename);
    const res = await e2e.gateway(
      'mutation ($id: ID!) { importResumeFile(uploadId: $id) { id } }',
      { id: uploadId },
      account.accessToken,
    );
    expect(res.errors).toBeUndefined();
    return eventually(async () => {
      const read = await e2e.gateway(READ_RESUME, { id: res.data.importResumeFile.id }, account.accessToken);
      const resume = read.data?.resume;
      return resume && resume.status !== 'PROCESSING' ? resume : undefined;
    }, 60_000);
  }

  it('fails each hostile file with its reason; the platform keeps importing', async () => {
    const user = await e2e.register('Hostile Files');
    expect(await importFile(user, hugeDocumentDocx(), 'huge.docx')).toMatchObject({
      status: 'FAILED',
      statusReason: 'ZIP_BOMB',
    });
    expect(await importFile(user, deeplyNestedDocx(), 'deep.docx')).toMatchObject({
      status: 'FAILED',
      statusReason: 'FILE_TOO_COMPLEX',
      statusDetail: expect.stringMatching(/far more complex than a resume/),
    });
    // Once took the resumes process down (a cell per point of a 5e8-point-wide glyph).
    expect(await importFile(user, hugeFontPdf(), 'huge-font.pdf')).toMatchObject({
      status: 'PARSED',
      basics: { name: 'Jane Hostile' },
    });

    // The job-description reader uses the same sandbox.
    const uploadId = await confirmedUpload(e2e, user, deeplyNestedDocx(), 'deep-job.docx');
    const created = await e2e.gateway(
      'mutation ($input: CreateRequirementsInput!) { createRequirements(input: $input) { id } }',
      { input: { title: 'Deep', uploadId } },
      user.accessToken,
    );
    expect(created.errors).toBeUndefined();
    const requirements = await eventually(async () => {
      const read = await e2e.gateway(
        READ_REQUIREMENTS,
        { id: created.data.createRequirements.id },
        user.accessToken,
      );
      const found = read.data?.requirements;
      return found && found.status !== 'EXTRACTING' ? found : undefined;
    }, 60_000);
    expect(requirements).toMatchObject({ status: 'FAILED', failureCode: 'FILE_TOO_COMPLEX' });

    expect(await importFile(user, plainResumePdf(), 'cv.pdf')).toMatchObject({
      status: 'PARSED',
      basics: { name: 'Jane Hostile' },
    });
  });
});
