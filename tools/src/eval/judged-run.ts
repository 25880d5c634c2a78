/**
 * Runs a judged matching set through the public API of a running platform, as users would: a
 * recruiter imports the postings (`importJobs`, inline JSON Resume job feeds), each resume's owner
 * signs up and imports their resume (`importJsonResume`), matching does its work from the events,
 * and `matchesForResume` is read back once every posting is matched and nothing is pending.
 */
import { dataOf, type ApiAccount, type ApiClient } from './api-session.js';
import type { Grade, ScoredPosting } from './metrics.js';

export interface JudgedResume {
  /** Stable name of the resume in the set (e.g. its file name). */
  id: string;
  /** A JSON Resume document. */
  document: Record<string, unknown>;
  /** Grade of each posting id for this resume; postings without one are left out of the figures. */
  grades: ReadonlyMap<string, Grade>;
}

export interface JudgedPosting {
  id: string;
  /** A JSON Resume job document (the importer's JSON_RESUME format); its `id` becomes externalId. */
  document: Record<string, unknown>;
}

export interface JudgedInput {
  resumes: readonly JudgedResume[];
  postings: readonly JudgedPosting[];
}

export interface RankedResume {
  resume: JudgedResume;
  resumeId: string;
  owner: ApiAccount;
  /** Every matched posting, best first, as `matchesForResume` ordered them. */
  ranked: (ScoredPosting & { jobId: string; title: string })[];
  /** Judged postings that `matchesForResume` did not return (they count as ranked last). */
  unmatched: string[];
}

export interface JudgedRun {
  results: RankedResume[];
  /** The default `matchThreshold` of a new user, read from `myPreferences`. */
  defaultThreshold: number;
  /** posting id → job id on the platform. */
  jobIds: Map<string, string>;
  seconds: { import: number; matching: number };
}

export interface RunOptions {
  /** Postings per `importJobs` call (each call is one request body). */
  batchSize?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

const SOURCE = 'judged-set';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runJudgedSet(
  api: ApiClient,
  input: JudgedInput,
  options: RunOptions = {},
): Promise<JudgedRun> {
  const log = options.log ?? (() => {});
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const started = Date.now();
  const recruiter = await api.recruiter('Judged Set Recruiter');
  const batchSize = options.batchSize ?? 25;
  for (let from = 0; from < input.postings.length; from += batchSize) {
    const batch = input.postings.slice(from, from + batchSize);
    const feed = JSON.stringify(batch.map((posting) => ({ ...posting.document, id: posting.id })));
    const started = dataOf(
      await api.gateway(
        'mutation ($i: ImportJobsInput!) { importJobs(input: $i) { id } }',
        { i: { format: 'JSON_RESUME', data: feed, source: SOURCE, fullFeed: false } },
        recruiter.accessToken,
      ),
      'importJobs',
    );
    const job = await until(deadline, 'the job import', async () => {
      const { jobImport } = dataOf(
        await api.gateway(
          'query ($id: ID!) { jobImport(id: $id) { status error counts { received new updated } rejections { index reason } } }',
          { id: started.importJobs.id },
          recruiter.accessToken,
        ),
        'jobImport',
      );
      return jobImport.status === 'COMPLETED' || jobImport.status === 'FAILED' ? jobImport : undefined;
    });
    if (job.status === 'FAILED' || job.rejections.length > 0)
      throw new Error(`importJobs refused postings: ${JSON.stringify(job)}`);
    log(`imported postings ${from + 1}–${from + batch.length}`);
  }
  const importSeconds = (Date.now() - started) / 1000;

  const results: RankedResume[] = [];
  let defaultThreshold = NaN;
  for (const resume of input.resumes) {
    const owner = await api.register(`Owner ${resume.id}`);
    const { importJsonResume } = dataOf(
      await api.gateway(
        'mutation ($t: String, $d: JSON!) { importJsonResume(title: $t, document: $d) { id } }',
        { t: resume.id, d: resume.document },
        owner.accessToken,
      ),
      `importJsonResume(${resume.id})`,
    );
    results.push({ resume, resumeId: importJsonResume.id, owner, ranked: [], unmatched: [] });
    if (Number.isNaN(defaultThreshold)) {
      const { myPreferences } = dataOf(
        await api.gateway('{ myPreferences { jobSearch { matchThreshold } } }', {}, owner.accessToken),
        'myPreferences',
      );
      defaultThreshold = myPreferences.jobSearch.matchThreshold;
    }
  }

  const matchingStarted = Date.now();
  const jobIds = new Map<string, string>();
  for (const result of results) {
    // Done when every posting has a match row and matching has nothing pending for the resume.
    await until(deadline, `matching of ${result.resume.id}`, async () => {
      const data = dataOf(
        await api.gateway(
          'query ($r: ID!) { matchingStatus(resumeId: $r) { upToDate pendingJobs } matchesForResume(resumeId: $r, first: 1) { totalCount } }',
          { r: result.resumeId },
          result.owner.accessToken,
        ),
        'matchingStatus',
      );
      return (
        data.matchingStatus.upToDate &&
        data.matchingStatus.pendingJobs === 0 &&
        data.matchesForResume.totalCount >= input.postings.length
      );
    });
    const nodes = await allMatches(api, result.resumeId, result.owner.accessToken);
    const seen = new Set<string>();
    for (const node of nodes) {
      const postingId = node.job?.externalId as string | undefined;
      if (!postingId) continue;
      jobIds.set(postingId, node.job.id);
      seen.add(postingId);
      const grade = result.resume.grades.get(postingId);
      if (grade === undefined) continue;
      result.ranked.push({
        postingId,
        jobId: node.job.id,
        title: node.job.title,
        grade,
        score: node.score,
        verdict: node.verdict,
      });
    }
    result.unmatched = [...result.resume.grades.keys()].filter((id) => !seen.has(id));
    log(`${result.resume.id}: ${nodes.length} matches`);
  }
  return {
    results,
    defaultThreshold,
    jobIds,
    seconds: { import: importSeconds, matching: (Date.now() - matchingStarted) / 1000 },
  };
}

async function allMatches(api: ApiClient, resumeId: string, token: string): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  for (;;) {
    const { matchesForResume }: { matchesForResume: any } = dataOf(
      await api.gateway(
        `query ($r: ID!, $after: String) { matchesForResume(resumeId: $r, first: 100, after: $after) {
           edges { cursor node { score verdict job { id externalId title } } } pageInfo { hasNextPage } } }`,
        { r: resumeId, after },
        token,
      ),
      'matchesForResume',
    );
    for (const edge of matchesForResume.edges) nodes.push(edge.node);
    if (!matchesForResume.pageInfo.hasNextPage) return nodes;
    after = matchesForResume.edges.at(-1).cursor;
  }
}

async function until<T>(deadline: number, what: string, probe: () => Promise<T | undefined | false>) {
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
