import { setTimeout as delay } from 'node:timers/promises';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { startPlatform, type Platform } from '@hiregraph/tools/platform';
import { describeExit, lastOutput } from '@hiregraph/tools/service-group';
import { eventStreamName } from '@hiregraph/platform/events/bus';
import { natsServers } from '@hiregraph/platform/events/nats-cluster';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, graphqlRequest, type GraphQLResponse } from '@hiregraph/platform/testing/subgraph';
import type { Account, E2EPlatform } from './platform.js';
import type { Received } from './live-client.js';

/**
 * Shared by the scale-out tests (fault, replicas, cluster failover): a second copy of the platform
 * on the same databases and NATS, a load of postings, registrations and match subscribers, and the
 * effects in the databases and the event stream that a lost or doubled event would change.
 */

/**
 * Every subgraph and the gateway once more, as separate processes on the same databases, NATS
 * namespace and Redis as `e2e` (its replicas): each gateway routes to its own copy of the subgraphs.
 */
export async function startReplica(e2e: E2EPlatform): Promise<Platform> {
  return startPlatform({
    ports: 'auto',
    env: e2e.platform.env,
    output: process.env.E2E_OUTPUT ? undefined : () => {},
    onUnexpectedExit: (exit) =>
      console.error(
        `replica ${exit.name} exited unexpectedly (${describeExit(exit)})${lastOutput(exit.lastOutput)}`,
      ),
  });
}

/** A GraphQL request to one gateway's URL. */
export function gatewayAt(url: string) {
  return <Data = any>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
    graphqlRequest<Data>(url, query, variables, token ? bearer(token) : {}) as Promise<GraphQLResponse<Data>>;
}

/**
 * Waits until `read()` reaches `target`, for as long as it keeps moving: a throughput-bound wait
 * that a slow machine passes and a stuck pipeline (no progress for `stallMs`) fails.
 */
export async function whileAdvancing(
  read: () => Promise<number>,
  target: number,
  stallMs = 60_000,
): Promise<void> {
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const value = await read();
    if (value >= target) return;
    if (value !== last) {
      last = value;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > stallMs) {
      throw new Error(`stalled at ${value} of ${target} for ${stallMs} ms`);
    }
    await delay(500);
  }
}

export const MATCH_FOUND = `subscription ($id: ID!, $after: String) {
  matchFound(resumeId: $id, after: $after) { cursor score previousScore job { id } }
}`;

/** A candidate open to matches from score 10, with a backend resume (imported as JSON Resume). */
export async function candidateWithResume(e2e: E2EPlatform): Promise<{ account: Account; resumeId: string }> {
  const account = await e2e.register('Grace Hopper');
  const prefs = await e2e.gateway(
    'mutation { updatePreferences(input: { jobSearch: { matchThreshold: 10 } }) { jobSearch { matchThreshold } } }',
    {},
    account.accessToken,
  );
  if (prefs.errors) throw new Error(`updatePreferences failed: ${JSON.stringify(prefs.errors)}`);
  const imported = await e2e.gateway(
    'mutation ($d: JSON!) { importJsonResume(document: $d) { id } }',
    {
      d: {
        basics: { name: 'Grace Hopper', label: 'Backend Engineer' },
        work: [
          {
            name: 'Navy',
            position: 'Backend Engineer',
            startDate: '2016-01-01',
            summary: 'Built TypeScript services on PostgreSQL and GraphQL APIs.',
          },
        ],
        skills: [{ name: 'TypeScript' }, { name: 'PostgreSQL' }, { name: 'GraphQL' }],
      },
    },
    account.accessToken,
  );
  if (imported.errors) throw new Error(`importJsonResume failed: ${JSON.stringify(imported.errors)}`);
  const resumeId = imported.data.importJsonResume.id as string;
  // Matching must know the resume before postings arrive, or it would match them in one late pass.
  await eventually(
    async () =>
      (await e2e.sql('matching', 'select 1 from resume_vectors where resume_id = $1', [resumeId])).length > 0,
    60_000,
  );
  return { account, resumeId };
}

/** An inline CSV feed of `count` backend postings of one source (each matches the candidate). */
export function backendPostings(source: string, count: number): string {
  return ['id,title,company,description']
    .concat(
      Array.from(
        { length: count },
        (_, i) =>
          `${source}-${i},Backend Engineer ${i},Compilers ${i % 53},"Build TypeScript services and GraphQL APIs on PostgreSQL."`,
      ),
    )
    .join('\n');
}

/** The cursors a matchFound subscriber received, checked to be ascending and error-free. */
export function matchCursors(received: Received): bigint[] {
  if (received.errors.length > 0) throw new Error(`subscription errors: ${JSON.stringify(received.errors)}`);
  return received.events.map((event) => {
    if (event.errors) throw new Error(`event errors: ${JSON.stringify(event.errors)}`);
    return BigInt(event.data.matchFound.cursor as string);
  });
}

/** How a subscriber's events compare with the stream's: missing and doubled cursors. */
export function compareCursors(seen: bigint[], truth: bigint[]): { missing: number; doubled: number } {
  const seenSet = new Set(seen);
  return {
    missing: truth.filter((cursor) => !seenSet.has(cursor)).length,
    doubled: seen.length - seenSet.size,
  };
}

/** Messages in the event stream per event type (`job.upserted` → n). */
export async function streamCountsByType(
  natsUrl: string,
  namespace: string,
): Promise<Record<string, number>> {
  const connection = await connect({ servers: natsServers(natsUrl) });
  try {
    const jsm = await jetstreamManager(connection, { timeout: 10_000 });
    const info = await jsm.streams.info(eventStreamName(namespace), { subjects_filter: '>' });
    const prefix = `${namespace}.events.`;
    return Object.fromEntries(
      Object.entries(info.state.subjects ?? {}).map(([subject, count]) => [
        subject.slice(prefix.length),
        count,
      ]),
    );
  } finally {
    await connection.close();
  }
}

/**
 * Deliveries each durable consumer of `durables` made (redeliveries included): shared by every
 * replica, a consumer that delivered each event once across all of them made as many deliveries as
 * its subject has events.
 */
export async function consumerDeliveries(
  natsUrl: string,
  namespace: string,
  durables: string[],
): Promise<Record<string, number>> {
  const connection = await connect({ servers: natsServers(natsUrl) });
  try {
    const jsm = await jetstreamManager(connection, { timeout: 10_000 });
    const deliveries: Record<string, number> = {};
    for (const durable of durables)
      deliveries[durable] = (
        await jsm.consumers.info(eventStreamName(namespace), durable)
      ).delivered.consumer_seq;
    return deliveries;
  } finally {
    await connection.close();
  }
}

/**
 * Effects in the databases that a lost event would lower and a doubled one raise: postings of the
 * source (and distinct external ids), matching's projections of them, matches (and distinct
 * resume×job pairs), welcome mails (and distinct users), resume owners, match digests of `ownerId`.
 */
export async function effectCounts(e2e: E2EPlatform, source: string, ownerId: string) {
  const [jobs] = await e2e.sql(
    'jobs',
    `select count(*)::int as postings, count(distinct external_id)::int as distinct_postings
     from jobs where source = $1`,
    [source],
  );
  const [matching] = await e2e.sql(
    'matching',
    `select (select count(*)::int from job_profiles) as job_profiles,
            (select count(*)::int from matches) as matches,
            (select count(distinct (resume_id, job_id))::int from matches) as distinct_matches,
            (select count(*)::int from match_queue) as match_queue`,
  );
  const [users] = await e2e.sql(
    'users',
    `select (select count(*)::int from users) as users,
            (select count(*)::int from email_outbox where kind = 'welcome') as welcome_mails,
            (select count(distinct user_id)::int from email_outbox where kind = 'welcome') as welcomed_users,
            (select count(*)::int from email_outbox where kind = 'match_digest' and user_id = $1) as digests`,
    [ownerId],
  );
  const [resumes] = await e2e.sql('resumes', 'select count(*)::int as resume_owners from resume_owners');
  return { ...jobs, ...matching, ...users, ...resumes } as {
    postings: number;
    distinct_postings: number;
    job_profiles: number;
    matches: number;
    distinct_matches: number;
    match_queue: number;
    users: number;
    welcome_mails: number;
    welcomed_users: number;
    digests: number;
    resume_owners: number;
  };
}
