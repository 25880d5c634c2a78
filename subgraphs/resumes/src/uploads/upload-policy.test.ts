import 'reflect-metadata';
import { createHmac, randomUUID } from 'node:crypto';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { renderResumePdf } from '../imports/testing/render-pdf.js';
import { SAMPLE_RESUMES } from '../imports/testing/sample-resumes.js';
import { resumesSubgraph } from '../subgraph.js';
import { Upload } from './upload.entity.js';
import { MAX_UPLOAD_BYTES, UPLOAD_OBJECT_CONTENT_TYPE, UPLOAD_POLICY_TTL_MS } from './upload.service.js';
import { CREATE_UPLOAD, postUpload, type PresignedUploadPayload } from './testing/post-upload.js';

/**
 * s3rver accepts any POST whatever its policy says, and no S3 server that enforces POST policies
 * installs from npm or Debian without native builds (MinIO is in neither). So the policy S3 would
 * enforce is checked here on its own: decoded, its conditions asserted, and its AWS Signature V4
 * recomputed from the secret independently of the client library that made it.
 */
function sigV4PostSignature(policyBase64: string, secret: string, date: string, region: string): string {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
  return createHmac('sha256', signingKey).update(policyBase64).digest('hex');
}

type Condition = [string, ...unknown[]] | Record<string, string>;

describe('upload POST policy', () => {
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
  const start = async (auth: Record<string, string>, size = 1000): Promise<PresignedUploadPayload> => {
    const res = await resumes.query(
      CREATE_UPLOAD,
      { input: { filename: 'cv.pdf', contentType: 'application/pdf', size } },
      auth,
    );
    expect(res.errors).toBeUndefined();
    return res.data.createUpload;
  };

  it('signs a policy that limits the size, the key, the type and the time, with a valid signature', async () => {
    const owner = randomUUID();
    const before = Date.now();
    const presigned = await start(await as(owner));
    const fields = Object.fromEntries(presigned.fields.map((f) => [f.name, f.value]));
    const policy = JSON.parse(Buffer.from(fields.policy, 'base64').toString('utf8')) as {
      expiration: string;
      conditions: Condition[];
    };
    const { config } = resumes.subgraph.runtime;
    const objectKey = (await resumes.em().findOneOrFail(Upload, { id: presigned.id })).objectKey;
    expect(objectKey).toBe(`users/${owner}/uploads/${presigned.id}`);

    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, MAX_UPLOAD_BYTES],
        ['eq', '$key', objectKey],
        ['eq', '$bucket', config.S3_BUCKET],
        ['eq', '$Content-Type', UPLOAD_OBJECT_CONTENT_TYPE],
        ['eq', '$x-amz-algorithm', 'AWS4-HMAC-SHA256'],
        ['eq', '$x-amz-credential', fields['x-amz-credential']],
        ['eq', '$x-amz-date', fields['x-amz-date']],
      ]),
    );
    // No condition loosens any of those (a starts-with on the key, a second size range).
    expect(policy.conditions.filter((c) => Array.isArray(c) && c[0] !== 'eq')).toEqual([
      ['content-length-range', 1, MAX_UPLOAD_BYTES],
    ]);
    // The form a browser sends carries the values the conditions demand.
    expect(fields).toMatchObject({
      key: objectKey,
      bucket: config.S3_BUCKET,
      'Content-Type': UPLOAD_OBJECT_CONTENT_TYPE,
    });
    const expires = Date.parse(policy.expiration);
    expect(expires).toBeGreaterThanOrEqual(before + UPLOAD_POLICY_TTL_MS - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + UPLOAD_POLICY_TTL_MS);
    expect(Date.parse((presigned as unknown as { expiresAt: string }).expiresAt)).toBe(expires);

    // Credential scope: <access key>/<yyyymmdd>/<region>/s3/aws4_request.
    const [accessKey, date, region, service, terminator] = fields['x-amz-credential'].split('/');
    expect([accessKey, region, service, terminator]).toEqual([
      config.S3_ACCESS_KEY,
      config.S3_REGION,
      's3',
      'aws4_request',
    ]);
    expect(fields['x-amz-date'].startsWith(date)).toBe(true);
    expect(fields['x-amz-signature']).toBe(
      sigV4PostSignature(fields.policy, config.S3_SECRET_KEY, date, region),
    );
    // The check can fail: a policy with a larger size range does not carry this signature.
    const loosened = Buffer.from(
      JSON.stringify({
        ...policy,
        conditions: policy.conditions.map((c) =>
          Array.isArray(c) && c[0] === 'content-length-range' ? [c[0], 1, 100 * MAX_UPLOAD_BYTES] : c,
        ),
      }),
    ).toString('base64');
    expect(sigV4PostSignature(loosened, config.S3_SECRET_KEY, date, region)).not.toBe(
      fields['x-amz-signature'],
    );
    expect(sigV4PostSignature(fields.policy, 'another secret', date, region)).not.toBe(
      fields['x-amz-signature'],
    );
  });

  it('does not import a confirmed file that was overwritten while its policy was still valid', async () => {
    const auth = await as(randomUUID());
    const presigned = await start(auth);
    const confirmedPdf = await renderResumePdf(SAMPLE_RESUMES[0], 'one-column');
    expect((await postUpload(presigned, confirmedPdf, 'cv.pdf')).ok).toBe(true);
    const confirm = await resumes.query(
      'mutation ($id: ID!) { confirmUpload(id: $id) { contentType } }',
      {
        id: presigned.id,
      },
      auth,
    );
    expect(confirm.data.confirmUpload.contentType).toBe('application/pdf');
    // Same form, same policy, other bytes: S3 accepts it (the policy allows the key for 15 minutes).
    const swapped = await renderResumePdf(SAMPLE_RESUMES[1], 'one-column');
    expect((await postUpload(presigned, swapped, 'cv.pdf')).ok).toBe(true);

    const imported = await resumes.query(
      'mutation ($id: ID!) { importResumeFile(uploadId: $id) { id } }',
      { id: presigned.id },
      auth,
    );
    expect(imported.errors).toBeUndefined();
    const done = await eventually(async () => {
      const res = await resumes.query(
        'query ($id: ID!) { resume(id: $id) { status statusReason statusDetail basics { name } } }',
        { id: imported.data.importResumeFile.id },
        auth,
      );
      const resume = res.data?.resume;
      return resume && resume.status !== 'PROCESSING' ? resume : undefined;
    }, 30_000);
    expect(done).toMatchObject({
      status: 'FAILED',
      statusReason: 'CORRUPT',
      statusDetail: expect.stringMatching(/changed after it was confirmed/),
    });
    expect(done.basics.name).not.toBe(SAMPLE_RESUMES[1].basics.name);
  });
});
