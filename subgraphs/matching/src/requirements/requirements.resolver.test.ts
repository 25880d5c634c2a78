import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { createEvent, type EventEnvelope } from '@hiregraph/platform/events/envelope';
import { newId } from '@hiregraph/platform/ids';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { matchingSubgraph } from '../subgraph.js';

const CREATE = `mutation ($input: CreateRequirementsInput!) {
  createRequirements(input: $input) { id status text failureCode failureReason requiredSkills }
}`;
const READ = `query ($id: ID!) {
  requirements(id: $id) { id status text years requiredSkills preferredSkills failureCode failureReason }
}`;
const ANALYZE = `mutation ($r: ID!, $t: AnalysisTarget!) { analyzeResume(resumeId: $r, target: $t) { id status } }`;

const JOB_TEXT =
  '# Backend Engineer\n\n## Requirements\n\n- 5+ years of experience\n- TypeScript\n- PostgreSQL\n\n## Nice to have\n\n- Terraform\n';

/**
 * Requirements from an upload, with the resumes subgraph played by the test: it sees
 * requirements.upload_submitted and answers with upload.text_extracted as resumes would.
 */
describe('requirements from an uploaded file', () => {
  let matching: TestSubgraph;
  let tokens: TestTokenIssuer;
  const submitted: EventEnvelope<'requirements.upload_submitted'>[] = [];
  const created: EventEnvelope<'requirements.created'>[] = [];

  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    matching = await startTestSubgraph(matchingSubgraph, { env: { AUTH_JWKS_URL: tokens.jwksUrl } });
    const { bus } = matching.subgraph.runtime;
    await bus.subscribe('requirements.upload_submitted', 'test_submitted', async (event) => {
      submitted.push(event);
    });
    await bus.subscribe('requirements.created', 'test_created', async (event) => {
      created.push(event);
    });
  });
  afterAll(async () => {
    await matching.stop();
    await tokens.close();
  });

  const publish = async <Type extends Parameters<typeof createEvent>[0]>(
    type: Type,
    data: EventData<Type>,
    producer: string,
  ) => {
    const event = createEvent(type, data, { producer });
    await matching.subgraph.runtime.bus.publish(event);
    return event;
  };
  /** Waits until matching's consumer of upload.text_extracted has handled `event`. */
  const handled = (event: { id: string }) =>
    eventually(
      async () =>
        (
          await matching
            .em()
            .execute('select 1 from processed_events where consumer = ? and event_id = ?', [
              'requirements_upload_text',
              event.id,
            ])
        )[0],
    );
  const read = async (id: string, auth: Record<string, string>) =>
    (await matching.query(READ, { id }, auth)).data?.requirements;

  async function user() {
    const ownerId = randomUUID();
    return { ownerId, auth: bearer(await tokens.token({ userId: ownerId })) };
  }

  /** Requirements from `uploadId`: EXTRACTING at once, with the request for the text emitted. */
  async function fromUpload(auth: Record<string, string>, ownerId: string, uploadId = newId()) {
    const res = await matching.query(CREATE, { input: { title: 'Backend Engineer', uploadId } }, auth);
    expect(res.errors).toBeUndefined();
    const requirements = res.data.createRequirements;
    expect(requirements).toMatchObject({
      status: 'EXTRACTING',
      text: '',
      failureCode: null,
      requiredSkills: [],
    });
    const request = await eventually(() => submitted.find((e) => e.data.requirementsId === requirements.id));
    expect(request.data).toEqual({ requirementsId: requirements.id, ownerId, uploadId });
    return { id: requirements.id as string, uploadId };
  }

  /** A resume matching knows of, owned by `ownerId`. */
  async function knownResume(ownerId: string) {
    const resumeId = newId();
    await publish('resume.created', { resumeId, ownerId }, 'resumes');
    await eventually(
      async () =>
        (await matching.em().execute('select 1 from known_resumes where resume_id = ?', [resumeId]))[0],
    );
    return resumeId;
  }

  it('is EXTRACTING, refused for analyses, then READY with what the text path extracts; once', async () => {
    const { ownerId, auth } = await user();
    const { id, uploadId } = await fromUpload(auth, ownerId);
    const resumeId = await knownResume(ownerId);
    const early = await matching.query(ANALYZE, { r: resumeId, t: { requirementsId: id } }, auth);
    expect(early.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'REQUIREMENTS_NOT_READY',
      status: 'EXTRACTING',
    });

    const answer = await publish(
      'upload.text_extracted',
      { requirementsId: id, ownerId, uploadId, text: JOB_TEXT, error: null },
      'resumes',
    );
    const ready = await eventually(async () => {
      const requirements = await read(id, auth);
      return requirements?.status === 'READY' ? requirements : undefined;
    });
    expect(ready).toMatchObject({
      text: JOB_TEXT.trim(),
      years: 5,
      requiredSkills: ['typescript', 'postgresql'],
      preferredSkills: ['terraform'],
      failureCode: null,
    });
    const announced = await eventually(() => created.find((event) => event.data.requirementsId === id));
    expect(announced.data).toMatchObject({ ownerId, requiredSkills: ['typescript', 'postgresql'] });
    await handled(answer);

    // A late or repeated answer (here: another text, a failure) changes nothing and announces nothing.
    const late = await publish(
      'upload.text_extracted',
      { requirementsId: id, ownerId, uploadId, text: 'Requirements:\n- Haskell', error: null },
      'resumes',
    );
    const failed = await publish(
      'upload.text_extracted',
      { requirementsId: id, ownerId, uploadId, text: null, error: { code: 'CORRUPT', message: 'Gone.' } },
      'resumes',
    );
    await handled(late);
    await handled(failed);
    expect(await read(id, auth)).toMatchObject({
      status: 'READY',
      requiredSkills: ['typescript', 'postgresql'],
    });
    expect(created.filter((event) => event.data.requirementsId === id)).toHaveLength(1);

    const analysis = await matching.query(ANALYZE, { r: resumeId, t: { requirementsId: id } }, auth);
    expect(analysis.errors).toBeUndefined();
    expect(analysis.data.analyzeResume.status).toBe('IN_PROGRESS');
  });

  it('is FAILED with the coded reason when the file cannot be used, and refused for analyses', async () => {
    const { ownerId, auth } = await user();
    const { id, uploadId } = await fromUpload(auth, ownerId);
    const answer = await publish(
      'upload.text_extracted',
      {
        requirementsId: id,
        ownerId,
        uploadId,
        text: null,
        error: { code: 'FORBIDDEN', message: 'This upload belongs to another user.' },
      },
      'resumes',
    );
    await handled(answer);
    expect(await read(id, auth)).toMatchObject({
      status: 'FAILED',
      failureCode: 'FORBIDDEN',
      failureReason: 'This upload belongs to another user.',
      requiredSkills: [],
    });
    const resumeId = await knownResume(ownerId);
    const refused = await matching.query(ANALYZE, { r: resumeId, t: { requirementsId: id } }, auth);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'REQUIREMENTS_NOT_READY',
      status: 'FAILED',
    });
    expect(created.some((event) => event.data.requirementsId === id)).toBe(false);

    // Text that turns out empty is a failure too, not READY requirements with nothing in them.
    const blank = await fromUpload(auth, ownerId);
    await handled(
      await publish(
        'upload.text_extracted',
        { requirementsId: blank.id, ownerId, uploadId: blank.uploadId, text: ' \n ', error: null },
        'resumes',
      ),
    );
    expect(await read(blank.id, auth)).toMatchObject({ status: 'FAILED', failureCode: 'EMPTY' });
  });

  it('stays deleted when its text arrives after deleteRequirements or the account deletion', async () => {
    const { ownerId, auth } = await user();
    const { id, uploadId } = await fromUpload(auth, ownerId);
    const deleted = await matching.query('mutation ($id: ID!) { deleteRequirements(id: $id) }', { id }, auth);
    expect(deleted.data.deleteRequirements).toBe(true);
    await handled(
      await publish(
        'upload.text_extracted',
        { requirementsId: id, ownerId, uploadId, text: JOB_TEXT, error: null },
        'resumes',
      ),
    );
    expect(await matching.em().execute('select 1 from requirements where id = ?', [id])).toEqual([]);

    const other = await fromUpload(auth, ownerId);
    await publish('user.deleted', { userId: ownerId }, 'users');
    await eventually(
      async () =>
        (await matching.em().execute('select 1 from requirements where owner_id = ?', [ownerId])).length ===
        0,
    );
    await handled(
      await publish(
        'upload.text_extracted',
        { requirementsId: other.id, ownerId, uploadId: other.uploadId, text: JOB_TEXT, error: null },
        'resumes',
      ),
    );
    expect(await matching.em().execute('select 1 from requirements where owner_id = ?', [ownerId])).toEqual(
      [],
    );
    expect(created.some((event) => [id, other.id].includes(event.data.requirementsId))).toBe(false);
  });
});
