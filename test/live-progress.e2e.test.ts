import { eventually } from '@hiregraph/platform/testing/namespace';
import { startE2EPlatform, type Account, type E2EPlatform } from './support/platform.js';
import { subscribe, type Received } from './support/live-client.js';

/**
 * Subscriptions to work a mutation starts (an analysis, a job import): without `after` they replay
 * from the entity's creation, so a client that subscribes after the mutation misses nothing, even
 * when the work finished before it subscribed.
 */
const LIVE_ENV = {
  LIVE_AUTH_CHECK_MS: '300',
  LIVE_CLIENT_BUFFER_EVENTS: '64',
  LIVE_CLIENT_BUFFER_BYTES: '262144',
  LIVE_WATCHDOG_MS: '1000',
};
const ANALYSIS_COMPLETED = `subscription ($id: ID!) {
  analysisCompleted(analysisId: $id) {
    cursor analysisId status score verdict failureReason occurredAt
    analysis { id status score resume { title } requirements { title } }
  }
}`;
const IMPORT_PROGRESS = `subscription ($id: ID!) {
  jobImportProgress(importId: $id) {
    cursor importId status done error counts { received new duplicate rejected }
    jobImport { id source status }
  }
}`;
const ANALYZE =
  'mutation ($resumeId: ID!, $requirementsId: ID!) { analyzeResume(resumeId: $resumeId, target: { requirementsId: $requirementsId }) { id status } }';

const cursorsOf = (received: Received, field: string) =>
  received.events.map((event) => Number(event.data[field].cursor));

describe('live progress of started work through the gateway', () => {
  let e2e: E2EPlatform;
  const wsUrl = () => e2e.platform.urls.gateway.replace(/^http/, 'ws');

  beforeAll(async () => {
    e2e = await startE2EPlatform('liveprog', LIVE_ENV);
  }, 120_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  /** A resume matching knows of and the owner's requirements, then one analysis of the two. */
  const analyze = async (owner: Account) => {
    const resume = await e2e.gateway(
      'mutation { createResume(input: { title: "Backend CV" }) { id } }',
      {},
      owner.accessToken,
    );
    const requirements = await e2e.gateway(
      'mutation { createRequirements(input: { title: "Backend role", text: "Requirements:\\n- TypeScript\\n- PostgreSQL" }) { id } }',
      {},
      owner.accessToken,
    );
    const variables = {
      resumeId: resume.data.createResume.id as string,
      requirementsId: requirements.data.createRequirements.id as string,
    };
    // Matching learns of the resume from resume.created; until then it is NOT_FOUND there.
    return eventually(async () => {
      const res = await e2e.gateway(ANALYZE, variables, owner.accessToken);
      return res.data?.analyzeResume?.id as string | undefined;
    }, 30_000);
  };

  it('delivers an analysis completion that happened before the subscription, exactly once, with fields through the supergraph', async () => {
    const owner = await e2e.register('Ada Analyst');
    const analysisId = await analyze(owner);
    // Subscribed at once (the completion may come before or after) and once it surely happened.
    const early = subscribe(wsUrl(), owner.accessToken, ANALYSIS_COMPLETED, { id: analysisId });
    const finished = await eventually(async () => {
      const res = await e2e.gateway(
        'query ($id: ID!) { analysis(id: $id) { status score verdict failureReason } }',
        { id: analysisId },
        owner.accessToken,
      );
      const analysis = res.data?.analysis;
      return analysis && analysis.status !== 'IN_PROGRESS' ? analysis : undefined;
    }, 30_000);
    const late = subscribe(wsUrl(), owner.accessToken, ANALYSIS_COMPLETED, { id: analysisId });
    await eventually(async () => early.received.events.length >= 1 && late.received.events.length >= 1);

    // The completion is the analysis' last event: each subscription completes after it, so a
    // duplicate would have had to come before the completion.
    await eventually(async () => early.received.completed === true && late.received.completed === true);
    for (const client of [early, late]) {
      expect(client.received.errors).toEqual([]);
      expect(client.received.events).toHaveLength(1);
      const [completed] = client.received.events;
      expect(completed.errors).toBeUndefined();
      expect(completed.data.analysisCompleted).toEqual({
        cursor: expect.stringMatching(/^\d+$/),
        analysisId,
        status: finished.status,
        score: finished.score,
        verdict: finished.verdict,
        failureReason: finished.failureReason,
        occurredAt: expect.any(String),
        analysis: {
          id: analysisId,
          status: finished.status,
          score: finished.score,
          resume: { title: 'Backend CV' }, // resumes
          requirements: { title: 'Backend role' }, // matching
        },
      });
    }
    expect(late.received.events[0].data.analysisCompleted.cursor).toBe(
      early.received.events[0].data.analysisCompleted.cursor,
    );
    await Promise.all([early.dispose(), late.dispose()]);
  }, 90_000);

  it("refuses another user's analysis with a coded error, and an unknown one as NOT_FOUND", async () => {
    const owner = await e2e.register('Owner Olga');
    const analysisId = await analyze(owner);
    const other = await e2e.register('Mallory');
    const refused = subscribe(wsUrl(), other.accessToken, ANALYSIS_COMPLETED, { id: analysisId });
    const unknown = subscribe(wsUrl(), other.accessToken, ANALYSIS_COMPLETED, {
      id: '00000000-0000-4000-8000-000000000001',
    });
    await eventually(
      async () => refused.received.errors.length === 1 && unknown.received.errors.length === 1,
    );
    expect(refused.received.errors[0][0].extensions.code).toBe('FORBIDDEN');
    expect(unknown.received.errors[0][0].extensions.code).toBe('NOT_FOUND');
    expect(refused.received.events).toEqual([]);
    await Promise.all([refused.dispose(), unknown.dispose()]);
  }, 60_000);

  it("streams an import's progress in order from its start, ending with done; a non-creator is refused", async () => {
    const recruiter = await e2e.recruiter('Rita Importer');
    const source = `live-${e2e.ns.name}`;
    const started = await e2e.gateway(
      'mutation ($input: ImportJobsInput!) { importJobs(input: $input) { id status } }',
      {
        input: {
          format: 'JSON_RESUME',
          source,
          fullFeed: false,
          data: JSON.stringify([
            { title: 'Backend Engineer', company: 'Acme' },
            { title: 'Data Engineer', company: 'Acme' },
            { title: 'Backend Engineer', company: 'Acme' },
            { company: 'No title' },
          ]),
        },
      },
      recruiter.accessToken,
    );
    expect(started.errors).toBeUndefined();
    const importId = started.data.importJobs.id as string;
    const progress = subscribe(wsUrl(), recruiter.accessToken, IMPORT_PROGRESS, { id: importId });
    await eventually(
      async () => progress.received.events.some((event) => event.data?.jobImportProgress?.done),
      30_000,
    );
    // Subscribed once it is surely over: the same events again, from the import's start.
    const late = subscribe(wsUrl(), recruiter.accessToken, IMPORT_PROGRESS, { id: importId });
    // The final event completes the subscription.
    await eventually(
      async () => progress.received.completed === true && late.received.completed === true,
      15_000,
    );

    const final = await e2e.gateway(
      'query ($id: ID!) { jobImport(id: $id) { status counts { received new duplicate rejected } } }',
      { id: importId },
      recruiter.accessToken,
    );
    for (const client of [progress, late]) {
      expect(client.received.errors).toEqual([]);
      const events = client.received.events.map((event) => {
        expect(event.errors).toBeUndefined();
        return event.data.jobImportProgress;
      });
      expect(events[0]).toMatchObject({ status: 'RUNNING', done: false });
      expect(events[events.length - 1]).toEqual({
        cursor: expect.stringMatching(/^\d+$/),
        importId,
        status: 'COMPLETED',
        done: true,
        error: null,
        counts: final.data.jobImport.counts,
        jobImport: { id: importId, source, status: 'COMPLETED' },
      });
      expect(events.filter((event) => event.done)).toHaveLength(1);
      const cursors = cursorsOf(client.received, 'jobImportProgress');
      expect(cursors).toEqual([...new Set(cursors)].sort((a, b) => a - b));
      const received = events.map((event) => event.counts.received);
      expect(received).toEqual([...received].sort((a, b) => a - b));
    }
    expect(final.data.jobImport.counts).toEqual({ received: 4, new: 2, duplicate: 1, rejected: 1 });
    expect(cursorsOf(late.received, 'jobImportProgress')).toEqual(
      cursorsOf(progress.received, 'jobImportProgress'),
    );

    const rival = await e2e.recruiter('Rob Rival');
    const refused = subscribe(wsUrl(), rival.accessToken, IMPORT_PROGRESS, { id: importId });
    await eventually(async () => refused.received.errors.length === 1);
    expect(refused.received.errors[0][0].extensions.code).toBe('FORBIDDEN');
    await Promise.all([progress.dispose(), late.dispose(), refused.dispose()]);
  }, 90_000);
});
