import { Redis } from 'ioredis';
import { createObjectStorage, userObjectPrefix } from '@hiregraph/platform/s3';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { PASSWORD, startE2EPlatform, type E2EPlatform } from './support/platform.js';

describe('account deletion', () => {
  let e2e: E2EPlatform;
  beforeAll(async () => {
    e2e = await startE2EPlatform('deletion');
  }, 120_000);
  afterAll(() => e2e?.stop());

  it("removes everything of the user's from every subgraph, Redis and S3", async () => {
    const { config } = e2e.ns;
    const admin = await e2e.admin();
    const registered = await e2e.register('Doomed');
    await e2e.gateway(
      'mutation ($id: ID!) { changeRole(userId: $id, role: RECRUITER) { id } }',
      { id: registered.id },
      admin.accessToken,
    );
    const login = await e2e.gateway('mutation ($i: LoginInput!) { login(input: $i) { accessToken } }', {
      i: { email: registered.email, password: PASSWORD },
    });
    const token = login.data.login.accessToken as string;
    const userId = registered.id;

    // Data in every subgraph.
    await e2e.gateway('mutation { updatePreferences(input: { theme: DARK }) { theme } }', {}, token);
    await e2e.gateway('{ myPreferences { theme } }', {}, token); // fills the Redis cache
    const IMPORT =
      'mutation ($d: JSON!) { createResume: importJsonResume(title: "CV", document: $d) { id } }';
    const document = {
      d: {
        work: [
          {
            name: 'Acme',
            position: 'Engineer',
            startDate: '2019-01-01',
            summary: 'TypeScript and PostgreSQL.',
          },
        ],
        skills: [{ name: 'TypeScript' }, { name: 'PostgreSQL' }],
      },
    };
    const resume = await e2e.gateway(IMPORT, document, token);
    const job = await e2e.gateway(
      'mutation { postJob(input: { title: "Lead Engineer", company: "Doom Inc", requiredSkills: ["TypeScript", "PostgreSQL"], description: "Lead our TypeScript and PostgreSQL services team." }) { id } }',
      {},
      token,
    );
    const other = await e2e.register('Bystander');
    const otherResume = await e2e.gateway(IMPORT.replace('"CV"', '"Other CV"'), document, other.accessToken);
    // Matching ranks each resume against the posting itself (resume.parsed, job.upserted).
    const record = (resumeId: string, jobId: string) =>
      eventually(async () => {
        const res = await e2e.gateway(
          'query ($r: ID!) { matchesForResume(resumeId: $r) { nodes { id job { id } } } }',
          { r: resumeId },
          admin.accessToken,
        );
        return res.data?.matchesForResume?.nodes?.find((node: any) => node.job.id === jobId)?.id as
          string | undefined;
      }, 30_000);
    await record(resume.data.createResume.id, job.data.postJob.id);
    const bystanderMatch = await record(otherResume.data.createResume.id, job.data.postJob.id);
    const storage = createObjectStorage({
      endpoint: config.S3_ENDPOINT,
      accessKey: config.S3_ACCESS_KEY,
      secretKey: config.S3_SECRET_KEY,
      region: config.S3_REGION,
    });
    await storage.putObject(
      config.S3_BUCKET,
      `${userObjectPrefix(userId)}resumes/cv.pdf`,
      Buffer.from('%PDF-1.4 test'),
    );
    const redis = new Redis(config.REDIS_URL, { keyPrefix: config.REDIS_KEY_PREFIX });

    try {
      expect(await redis.exists(`personal:preferences:${userId}`)).toBe(1);
      const deleted = await e2e.gateway(
        'mutation ($p: String) { deleteAccount(password: $p) }',
        { p: PASSWORD },
        token,
      );
      expect(deleted.data.deleteAccount).toBe(true);
      expect((await e2e.gateway('{ me { id } }', {}, token)).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );

      const count = async (
        subgraph: 'users' | 'resumes' | 'jobs' | 'matching',
        sql: string,
        params: unknown[],
      ) => (await e2e.sql(subgraph, sql, params))[0].n as number;
      const leftovers = async () => ({
        users: await count('users', 'select count(*)::int as n from users where id = $1', [userId]),
        sessions: await count('users', 'select count(*)::int as n from sessions where user_id = $1', [
          userId,
        ]),
        preferences: await count(
          'users',
          'select count(*)::int as n from user_preferences where user_id = $1',
          [userId],
        ),
        resumes: await count('resumes', 'select count(*)::int as n from resumes where owner_id = $1', [
          userId,
        ]),
        resumeOwners: await count(
          'resumes',
          'select count(*)::int as n from resume_owners where user_id = $1',
          [userId],
        ),
        jobs: await count('jobs', 'select count(*)::int as n from jobs where posted_by_id = $1', [userId]),
        matchesOfUser: await count('matching', 'select count(*)::int as n from matches where owner_id = $1', [
          userId,
        ]),
        matchesOfJob: await count('matching', 'select count(*)::int as n from matches where job_id = $1', [
          job.data.postJob.id,
        ]),
        knownResumes: await count(
          'matching',
          'select count(*)::int as n from known_resumes where owner_id = $1',
          [userId],
        ),
        cache: await redis.exists(`personal:preferences:${userId}`),
        files: await (async () => {
          let n = 0;
          for await (const _ of storage.listObjectsV2(config.S3_BUCKET, userObjectPrefix(userId), true))
            n += 1;
          return n;
        })(),
      });
      const nothingLeft = {
        users: 0,
        sessions: 0,
        preferences: 0,
        resumes: 0,
        resumeOwners: 0,
        jobs: 0,
        matchesOfUser: 0,
        matchesOfJob: 0,
        knownResumes: 0,
        cache: 0,
        files: 0,
      };
      await eventually(
        async () => JSON.stringify(await leftovers()) === JSON.stringify(nothingLeft),
        20_000,
      ).catch(async () => {
        expect(await leftovers()).toEqual(nothingLeft);
      });
      // The bystander keeps their own account and resume; only the match against the deleted job went.
      const bystander = await e2e.gateway('{ myResumes { nodes { title } } }', {}, other.accessToken);
      expect(bystander.data.myResumes.nodes).toEqual([{ title: 'Other CV' }]);
      expect(
        (
          await e2e.gateway(
            'query ($id: ID!) { match(id: $id) { id } }',
            { id: bystanderMatch },
            admin.accessToken,
          )
        ).data.match,
      ).toBeNull();
    } finally {
      redis.disconnect();
    }
  });
});
