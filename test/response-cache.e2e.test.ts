import { scrape, valueOf } from './support/metrics.js';
import { startE2EPlatform, type Account, type E2EPlatform } from './support/platform.js';

const JOBS = 'query OpenJobs { jobs(first: 20) { totalCount nodes { id title } } }';

interface Answer {
  cacheControl: string | null;
  age: string | null;
  data?: any;
  errors?: unknown;
}

/** The gateway's response cache (RESPONSE_CACHE=on, the default) on the running platform. */
describe('response cache for anonymous queries', () => {
  let e2e: E2EPlatform;
  let recruiter: Account;
  let jobId: string;

  beforeAll(async () => {
    e2e = await startE2EPlatform('respcache');
    recruiter = await e2e.recruiter('Cache Recruiter');
    const posted = await e2e.gateway(
      'mutation { postJob(input: { title: "Cache Engineer", company: "Acme", requiredSkills: ["Redis"], description: "Keep answers warm and fresh." }) { id } }',
      {},
      recruiter.accessToken,
    );
    expect(posted.errors).toBeUndefined();
    jobId = posted.data.postJob.id;
  }, 180_000);
  afterAll(() => e2e?.stop());

  const post = async (query: string, token?: string): Promise<Answer> => {
    const response = await fetch(e2e.platform.urls.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown };
    return {
      cacheControl: response.headers.get('cache-control'),
      age: response.headers.get('age'),
      ...body,
    };
  };

  /** GraphQL requests the jobs subgraph has served so far (its own /metrics). */
  const jobsRequests = async () =>
    valueOf(await scrape(e2e.platform.urls.jobs), 'hiregraph_graphql_requests_total');

  const titleIn = (answer: Answer) =>
    (answer.data?.jobs.nodes as { id: string; title: string }[]).find((node) => node.id === jobId)?.title;

  /** Asks until `done` holds for the anonymous answer (the event travels through the outbox and NATS). */
  async function anonymousUntil(done: (answer: Answer) => boolean): Promise<Answer> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const answer = await post(JOBS);
      if (done(answer)) return answer;
      if (Date.now() > deadline) throw new Error(`never: ${JSON.stringify(answer)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('answers a repeated anonymous query from the cache, public with an Age, without the subgraph', async () => {
    const first = await anonymousUntil((answer) => titleIn(answer) === 'Cache Engineer');
    expect(first.errors).toBeUndefined();
    expect(first.cacheControl).toBe('max-age=30, public');
    // The answer is stored in the background after it is sent: wait for the first hit.
    await anonymousUntil((answer) => answer.age !== null);
    const before = await jobsRequests();
    const hit = await post(JOBS);
    expect(hit.data).toEqual(first.data);
    expect(hit.cacheControl).toBe('max-age=30, public');
    expect(hit.age).toMatch(/^\d+$/);
    expect(await jobsRequests()).toBe(before);
  });

  it('never serves nor stores a signed-in answer, which is private', async () => {
    await post(JOBS); // cached for anonymous callers
    const before = await jobsRequests();
    const signedIn = await post(JOBS, recruiter.accessToken);
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.cacheControl).toBe('max-age=30, private');
    expect(signedIn.age).toBeNull();
    const again = await post(JOBS, recruiter.accessToken);
    expect(again.age).toBeNull();
    expect(await jobsRequests()).toBe(before + 2);
  });

  it('drops the cached answers about a posting when the posting changes (job.upserted)', async () => {
    const cached = await anonymousUntil((answer) => answer.age !== null);
    expect(titleIn(cached)).toBe('Cache Engineer');
    const updated = await e2e.gateway(
      'mutation ($id: ID!) { updateJob(id: $id, input: { title: "Cache Engineer II" }) { id title } }',
      { id: jobId },
      recruiter.accessToken,
    );
    expect(updated.errors).toBeUndefined();
    // Well within the 30 s max-age: only the event can have made the cache let go.
    const fresh = await anonymousUntil((answer) => titleIn(answer) === 'Cache Engineer II');
    expect(fresh.age).toBeNull();
  });

  it('drops them too when the posting closes (job.closed)', async () => {
    const cached = await anonymousUntil((answer) => answer.age !== null);
    expect(titleIn(cached)).toBe('Cache Engineer II');
    const closed = await e2e.gateway(
      'mutation ($id: ID!) { closeJob(id: $id) { id } }',
      { id: jobId },
      recruiter.accessToken,
    );
    expect(closed.errors).toBeUndefined();
    await anonymousUntil((answer) => answer.data !== undefined && titleIn(answer) === undefined);
  });

  it('does not cache an answer with uncacheable fields', async () => {
    const before = await jobsRequests();
    // `me` has no cache hint: the whole answer is no-store, so both requests reach the subgraphs.
    const query = 'query { jobs(first: 1) { totalCount } me { id } }';
    const first = await post(query);
    const second = await post(query);
    expect(first.cacheControl).not.toMatch(/public/);
    expect(second.age).toBeNull();
    expect(await jobsRequests()).toBe(before + 2);
  });
});
