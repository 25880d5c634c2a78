import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { eventStreamName, eventSubject } from '@hiregraph/platform/events/bus';
import { newId } from '@hiregraph/platform/ids';
import { eventuallyConsumed } from '@hiregraph/platform/testing/consumers';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { graphqlRequest } from '@hiregraph/platform/testing/subgraph';
import { PASSWORD, startE2EPlatform, type E2EPlatform } from './support/platform.js';

/** Gateway + 4 subgraphs as separate processes, real databases, NATS, Redis and S3. */
describe('the running federation', () => {
  let e2e: E2EPlatform;
  beforeAll(async () => {
    e2e = await startE2EPlatform('fed');
  }, 120_000);
  afterAll(() => e2e?.stop());

  /** A user with a parsed resume and a posting it matches: matching computed the pair itself. */
  const userWithMatch = async (name: string) => {
    const user = await e2e.register(name);
    const resume = await e2e.gateway(
      'mutation ($d: JSON!) { importJsonResume(title: "Backend CV", document: $d) { id } }',
      {
        d: {
          basics: { name, label: 'Platform Engineer' },
          work: [
            {
              name: 'Initech',
              position: 'Platform Engineer',
              startDate: '2019-01-01',
              summary: 'Ran Kubernetes clusters and wrote Go services.',
            },
          ],
          skills: [{ name: 'Kubernetes' }, { name: 'Go' }],
        },
      },
      user.accessToken,
    );
    const resumeId = resume.data.importJsonResume.id;
    const admin = await e2e.admin();
    const job = await e2e.gateway(
      'mutation { postJob(input: { title: "Platform Engineer", company: "Acme", requiredSkills: ["Kubernetes", "Go"], description: "Run our Kubernetes platform and the Go services on it." }) { id } }',
      {},
      admin.accessToken,
    );
    const jobId = job.data.postJob.id;
    // resume.parsed and job.upserted travel through the outbox and JetStream; matching ranks the pair.
    const match = await eventually(async () => {
      const res = await e2e.gateway(
        'query ($r: ID!) { matchesForResume(resumeId: $r) { nodes { id job { id } } } }',
        { r: resumeId },
        user.accessToken,
      );
      return res.data?.matchesForResume?.nodes?.find((node: any) => node.job.id === jobId)?.id as
        string | undefined;
    }, 30_000);
    return { user, resumeId, jobId, matchId: match };
  };

  it('answers one query across users, resumes, jobs and matching', async () => {
    const { user, matchId } = await userWithMatch('Ada Lovelace');
    const res = await e2e.gateway(
      `query ($id: ID!) { match(id: $id) { score job { title company } resume { title owner { id fullName email } } } }`,
      { id: matchId },
      user.accessToken,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.match).toEqual({
      score: expect.any(Number),
      job: { title: 'Platform Engineer', company: 'Acme' },
      resume: { title: 'Backend CV', owner: { id: user.id, fullName: 'Ada Lovelace', email: user.email } },
    });
  });

  it('projects user.registered into the resumes database once, across processes and redeliveries', async () => {
    const user = await e2e.register('Grace Hopper');
    const ownerName = async () =>
      (await e2e.sql('resumes', 'select full_name from resume_owners where user_id = $1', [user.id]))[0]
        ?.full_name;
    expect(await eventually(ownerName)).toBe('Grace Hopper');

    const nc = await connect({ servers: e2e.ns.config.NATS_URL });
    try {
      // The very event the users subgraph published, delivered again under other message ids (which
      // JetStream cannot dedupe) and another name: applied again, the projection would take the name.
      const subject = eventSubject(e2e.ns.name, 'user.registered');
      const jsm = await jetstreamManager(nc);
      const published = await jsm.streams.getMessage(eventStreamName(e2e.ns.name), { last_by_subj: subject });
      const event = published!.json<{ id: string; data: { userId: string; fullName: string } }>();
      expect(event.data.userId).toBe(user.id);
      const js = jetstream(nc);
      let lastSeq = 0;
      for (const fullName of ['Redelivered Name', 'Redelivered Again']) {
        const redelivery = { ...event, data: { ...event.data, fullName } };
        lastSeq = (await js.publish(subject, JSON.stringify(redelivery), { msgID: newId() })).seq;
      }
      await eventuallyConsumed(nc, e2e.ns.name, 'resumes_owner_projection', lastSeq);

      expect(await ownerName()).toBe('Grace Hopper');
      const processed = await e2e.sql(
        'resumes',
        'select count(*)::int as n from processed_events where event_id = $1',
        [event.id],
      );
      expect(processed[0].n).toBe(1);
    } finally {
      await nc.close();
    }
  });

  it('catches up on events published while a consumer was down', async () => {
    await e2e.platform.stop('resumes', 'SIGKILL');
    let user;
    try {
      user = await e2e.register('Katherine Johnson');
      // The event has left the users outbox for JetStream while nobody consumes it.
      await eventually(
        async () => (await e2e.sql('users', 'select count(*)::int as n from outbox'))[0].n === 0,
      );
    } finally {
      await e2e.platform.start('resumes');
    }
    await eventually(
      async () => (await e2e.sql('resumes', 'select 1 from resume_owners where user_id = $1', [user.id]))[0],
      20_000,
    );
  });

  it('accepts tokens of a rotated signing key everywhere, old and new alike, and refuses logged-out ones', async () => {
    const { user, matchId } = await userWithMatch('Hedy Lamarr');
    const admin = await e2e.admin();
    const rotated = await e2e.gateway('mutation { rotateSigningKey }', {}, admin.accessToken);
    expect(rotated.errors).toBeUndefined();
    const fresh = await e2e.gateway('mutation ($i: LoginInput!) { login(input: $i) { accessToken } }', {
      i: { email: user.email, password: PASSWORD },
    });
    const newToken = fresh.data.login.accessToken as string;
    const query = 'query ($id: ID!) { match(id: $id) { score resume { owner { fullName } } } }';
    for (const token of [user.accessToken, newToken]) {
      const res = await e2e.gateway(query, { id: matchId }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.match.resume.owner.fullName).toBe('Hedy Lamarr');
    }
    await e2e.gateway('mutation { logout }', {}, newToken);
    const refused = await e2e.gateway(query, { id: matchId }, newToken);
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("carries the caller's trace context into the events a request causes", async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const email = `traced-${newId()}@example.com`;
    const res = await graphqlRequest(
      e2e.platform.urls.gateway,
      'mutation ($i: RegisterInput!) { register(input: $i) { user { id } } }',
      { i: { email, password: PASSWORD, fullName: 'Traced' } },
      { traceparent },
    );
    const userId = res.data.register.user.id;
    const nc = await connect({ servers: e2e.ns.config.NATS_URL });
    try {
      const stream = `${e2e.ns.name}_events`;
      await (
        await jetstreamManager(nc)
      ).consumers.add(stream, {
        durable_name: 'trace_probe',
        filter_subject: eventSubject(e2e.ns.name, 'user.registered'),
      });
      const consumer = await jetstream(nc).consumers.get(stream, 'trace_probe');
      const event = await eventually(async () => {
        const msg = await consumer.next({ expires: 1000 });
        msg?.ack();
        const envelope = msg?.json<{ data: { userId: string }; traceparent?: string }>();
        return envelope?.data.userId === userId ? envelope : undefined;
      });
      expect(event.traceparent?.split('-')[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    } finally {
      await nc.close();
    }
  });

  it('gives a clear partial error, fast, when a subgraph is down', async () => {
    const { user, matchId } = await userWithMatch('Margaret Hamilton');
    await e2e.platform.stop('jobs', 'SIGKILL');
    try {
      const started = Date.now();
      const res = await e2e.gateway(
        'query ($id: ID!) { match(id: $id) { score resume { title } job { title } } }',
        { id: matchId },
        user.accessToken,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.data.match).toMatchObject({ score: expect.any(Number), resume: { title: 'Backend CV' } });
      expect(res.data.match.job).toBeNull();
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE' });
      expect(res.errors?.[0].path).toEqual(['match', 'job']);
    } finally {
      await e2e.platform.start('jobs');
    }
  });
});
