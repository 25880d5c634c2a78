import { setTimeout as delay } from 'node:timers/promises';
import type { Platform } from '@hiregraph/tools/platform';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { startE2EPlatform, type Account, type E2EPlatform } from './support/platform.js';
import { subscribe } from './support/live-client.js';
import {
  backendPostings,
  candidateWithResume,
  compareCursors,
  consumerDeliveries,
  effectCounts,
  gatewayAt,
  MATCH_FOUND,
  matchCursors,
  startReplica,
  streamCountsByType,
  whileAdvancing,
} from './support/scale-out.js';

/**
 * Replicas (issue #21): two processes of every subgraph on the same databases and NATS, and two
 * gateways, each routing to its own copy. Registrations go through both gateways, an import of
 * postings through one, while match subscribers listen on both. Every consumed event must have its
 * effect once (durable consumers shared by replicas deliver each event to one of them; handleOnce
 * guards redeliveries), every outbox row must reach the stream once (both relays may publish a row:
 * Nats-Msg-Id drops the second copy), the scheduled match digest must be sent once, and a subscriber
 * on either gateway must see every match event, none twice.
 */
const POSTINGS = 200;
const REGISTRATIONS = 10;
const SUBSCRIBERS_PER_GATEWAY = 2;

describe('replicas: two of every subgraph and two gateways do each effect once', () => {
  let e2e: E2EPlatform;
  let replica: Platform;

  beforeAll(async () => {
    // Digests are looked for every second by both users processes: a double run would send two.
    e2e = await startE2EPlatform('replicas', {
      MATCH_DIGEST_INTERVAL_MS: '1000',
      MATCHING_DEBOUNCE_MS: '200',
    });
    replica = await startReplica(e2e);
  }, 180_000);

  afterAll(async () => {
    await replica?.stopAll();
    await e2e?.stop();
  });

  it('consumes, publishes, schedules and streams each event once across replicas', async () => {
    const gateways = [e2e.platform.urls.gateway, replica.urls.gateway];
    const { account: candidate, resumeId } = await candidateWithResume(e2e);
    const subscribers = gateways.flatMap((url) =>
      Array.from({ length: SUBSCRIBERS_PER_GATEWAY }, () =>
        subscribe(url.replace(/^http/, 'ws'), candidate.accessToken, MATCH_FOUND, {
          id: resumeId,
          after: '0',
        }),
      ),
    );

    // Registrations alternate between the two gateways (so between the two users subgraphs).
    const registered: Account[] = [];
    const register = async (i: number) => {
      const res = await gatewayAt(gateways[i % 2])(
        `mutation ($input: RegisterInput!) { register(input: $input) { user { id email } } }`,
        {
          input: {
            email: `replica-${i}-${e2e.ns.name}@example.com`,
            password: 'correct horse battery staple',
            fullName: `Replica ${i}`,
          },
        },
      );
      expect(res.errors).toBeUndefined();
      registered.push(res.data.register.user);
    };
    const recruiter = await e2e.recruiter('Rita Replica');
    const source = `replicas-${e2e.ns.name}`;
    const [imported] = await Promise.all([
      gatewayAt(gateways[1])(
        'mutation ($input: ImportJobsInput!) { importJobs(input: $input) { id } }',
        { input: { format: 'CSV', source, fullFeed: true, data: backendPostings(source, POSTINGS) } },
        recruiter.accessToken,
      ),
      // One at a time: password hashing is slow on a loaded machine, and the point is which
      // replica takes each, not how many at once.
      (async () => {
        for (let i = 0; i < REGISTRATIONS; i += 1) await register(i);
      })(),
    ]);
    expect(imported.errors).toBeUndefined();

    // Everything settles: postings stored, projected, matched, the queue drained, the digest sent.
    await whileAdvancing(async () => (await effectCounts(e2e, source, candidate.id)).postings, POSTINGS);
    await whileAdvancing(async () => (await effectCounts(e2e, source, candidate.id)).job_profiles, POSTINGS);
    await eventually(async () => {
      const counts = await effectCounts(e2e, source, candidate.id);
      return counts.match_queue === 0 && counts.matches >= POSTINGS && counts.digests >= 1;
    }, 120_000);

    // The stream's truth: every match event of the resume, from a subscription opened afterwards.
    const late = subscribe(gateways[0].replace(/^http/, 'ws'), candidate.accessToken, MATCH_FOUND, {
      id: resumeId,
      after: '0',
    });
    const matchEvents = (await streamCountsByType(e2e.ns.config.NATS_URL, e2e.ns.name))['match.found'] ?? 0;
    await eventually(() => late.received.events.length >= matchEvents, 30_000);
    await eventually(() => subscribers.every((s) => s.received.events.length >= matchEvents), 30_000);
    await delay(1_000); // a doubled event would arrive now
    const truth = matchCursors(late.received);
    expect(truth.length).toBe(matchEvents);
    expect(truth.length).toBeGreaterThanOrEqual(POSTINGS);
    const live = subscribers.map((s) => compareCursors(matchCursors(s.received), truth));
    expect(live).toEqual(subscribers.map(() => ({ missing: 0, doubled: 0 })));
    for (const s of subscribers) expect(matchCursors(s.received)).toEqual(truth);

    const counts = await effectCounts(e2e, source, candidate.id);
    const stream = await streamCountsByType(e2e.ns.config.NATS_URL, e2e.ns.name);
    const users = REGISTRATIONS + 3; // the candidate, the recruiter and the admin who made them one
    console.log('replicas: effects', counts, 'stream', stream);
    expect(counts).toMatchObject({
      postings: POSTINGS,
      distinct_postings: POSTINGS,
      job_profiles: POSTINGS,
      distinct_matches: counts.matches,
      users,
      welcome_mails: users,
      welcomed_users: users,
      resume_owners: users,
      digests: 1,
    });
    // One message per event: the outbox relays of both replicas published each row once (or JetStream
    // dropped the copy), so the stream holds exactly the events the effects account for.
    expect(stream).toMatchObject({
      'user.registered': users,
      'job.upserted': POSTINGS,
      'match.found': truth.length,
    });
    // One durable consumer per concern, shared by both processes of the service: each event was
    // delivered once across them (queue semantics), not once to each.
    expect(
      await consumerDeliveries(e2e.ns.config.NATS_URL, e2e.ns.name, [
        'users_welcome_email',
        'resumes_owner_projection',
        'matching_job_profiles',
      ]),
    ).toEqual({
      users_welcome_email: users,
      resumes_owner_projection: users,
      matching_job_profiles: POSTINGS,
    });
    await Promise.all([...subscribers, late].map((s) => s.dispose()));
  }, 300_000);
});
