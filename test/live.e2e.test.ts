import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { EventBus } from '@hiregraph/platform/events/bus';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { createLogger } from '@hiregraph/platform/logger';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { OwnNatsServer } from '@hiregraph/platform/testing/nats-server';
import { loadGatewayConfig } from '@hiregraph/gateway/config';
import { startGateway, type RunningGateway } from '@hiregraph/gateway/gateway';
import { startE2EPlatform, type Account, type E2EPlatform } from './support/platform.js';
import { subscribe, type Received } from './support/live-client.js';

const silent = createLogger('live-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const STATUS = `subscription ($id: ID!, $after: String) {
  resumeStatus(resumeId: $id, after: $after) { cursor status detail resume { title owner { fullName } } }
}`;
const LIVE_ENV = {
  LIVE_AUTH_CHECK_MS: '300',
  LIVE_CLIENT_BUFFER_EVENTS: '8',
  LIVE_CLIENT_BUFFER_BYTES: '262144',
  LIVE_WATCHDOG_MS: '1000',
};

const details = (received: Received) =>
  received.events.map((event) => event.data?.resumeStatus?.detail as string);

describe('live subscriptions through the gateway', () => {
  let e2e: E2EPlatform;
  let bus: EventBus;
  let owner: Account;
  let resumeId: string;
  const gateways: RunningGateway[] = [];
  const wsUrl = () => e2e.platform.urls.gateway.replace(/^http/, 'ws');

  const publish = (id: string, ownerId: string, detail: string, status = 'PROCESSING') =>
    bus.publish(
      createEvent(
        'resume.status_changed',
        { resumeId: id, ownerId, status: status as 'PROCESSING', detail },
        { producer: 'resumes' },
      ),
    );

  /** Another gateway process-in-this-test on the same subgraphs, NATS and Redis. */
  const extraGateway = async (env: Record<string, string> = {}) => {
    const { urls } = e2e.platform;
    const gateway = await startGateway(
      loadGatewayConfig({
        ...process.env,
        ...e2e.platform.env,
        ...LIVE_ENV,
        GATEWAY_PORT: '0',
        USERS_URL: urls.users,
        RESUMES_URL: urls.resumes,
        JOBS_URL: urls.jobs,
        MATCHING_URL: urls.matching,
        ...env,
      }),
      silent,
    );
    gateways.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    e2e = await startE2EPlatform('live', LIVE_ENV);
    bus = await EventBus.connect({
      servers: e2e.ns.config.NATS_URL,
      namespace: e2e.ns.name,
      service: 'live-test',
      logger: silent,
    });
    owner = await e2e.register('Ada Lovelace');
    const created = await e2e.gateway(
      'mutation { createResume(input: { title: "Backend CV" }) { id } }',
      {},
      owner.accessToken,
    );
    resumeId = created.data.createResume.id;
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(gateways.map((gateway) => gateway.stop()));
    await bus?.close();
    await e2e?.stop();
  });

  it('delivers events with fields from two subgraphs, then resumes after a cursor with exactly what was missed', async () => {
    const first = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId, after: '0' });
    await publish(resumeId, owner.id, 'one');
    await publish(resumeId, owner.id, 'two');
    await eventually(async () => first.received.events.length === 2);
    expect(first.received.events.map((event) => event.data)).toEqual([
      {
        resumeStatus: {
          cursor: expect.stringMatching(/^\d+$/),
          status: 'PROCESSING',
          detail: 'one',
          resume: { title: 'Backend CV', owner: { fullName: 'Ada Lovelace' } },
        },
      },
      expect.objectContaining({ resumeStatus: expect.objectContaining({ detail: 'two' }) }),
    ]);
    const cursor = first.received.events[1].data.resumeStatus.cursor as string;
    await first.dispose();

    for (const detail of ['three', 'four', 'five']) await publish(resumeId, owner.id, detail);
    const resumed = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId, after: cursor });
    await eventually(async () => resumed.received.events.length >= 3);
    await publish(resumeId, owner.id, 'six');
    await eventually(async () => resumed.received.events.length >= 4);
    // A little longer: a duplicate would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(details(resumed.received)).toEqual(['three', 'four', 'five', 'six']);
    const cursors = resumed.received.events.map((event) => Number(event.data.resumeStatus.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(cursors[0]).toBeGreaterThan(Number(cursor));
    await resumed.dispose();
  });

  it('streams matches computed by the real flow with fields from three subgraphs, and candidates to the poster', async () => {
    const candidate = await e2e.register('Grace Hopper');
    const prefs = await e2e.gateway(
      'mutation { updatePreferences(input: { jobSearch: { openToRecruiters: true, matchThreshold: 10 } }) { jobSearch { openToRecruiters } } }',
      {},
      candidate.accessToken,
    );
    expect(prefs.errors).toBeUndefined();
    // Matching announces to recruiters by the owner's opt-in as it knows it when the match is stored.
    await eventually(async () => {
      const rows = await e2e.sql(
        'matching',
        'select open_to_recruiters from owner_preferences where owner_id = $1',
        [candidate.id],
      );
      return rows[0]?.open_to_recruiters === true;
    }, 20_000);
    const imported = await e2e.gateway(
      'mutation ($d: JSON!) { importJsonResume(document: $d) { id title } }',
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
      candidate.accessToken,
    );
    expect(imported.errors).toBeUndefined();
    const { id: candidateResumeId, title: resumeTitle } = imported.data.importJsonResume;

    const recruiter = await e2e.recruiter('Rita Recruiter');
    const rival = await e2e.recruiter('Rob Rival');
    const MATCH_FOUND = `subscription ($id: ID!, $min: Int) {
      matchFound(resumeId: $id, minScore: $min, after: "0") {
        cursor score previousScore job { title company } resume { title owner { fullName } } match { verdict }
      }
    }`;
    const CANDIDATES = `subscription ($id: ID!) {
      jobCandidates(jobId: $id, after: "0") { cursor resumeId score job { title company } }
    }`;
    const matches = subscribe(wsUrl(), candidate.accessToken, MATCH_FOUND, { id: candidateResumeId });
    const aboveAll = subscribe(wsUrl(), candidate.accessToken, MATCH_FOUND, {
      id: candidateResumeId,
      min: 100,
    });
    const stranger = subscribe(wsUrl(), owner.accessToken, MATCH_FOUND, { id: candidateResumeId });

    const posted = await e2e.gateway(
      'mutation { postJob(input: { title: "Backend Engineer", company: "Compilers Inc", requiredSkills: ["TypeScript", "PostgreSQL", "GraphQL"], description: "Build TypeScript services and GraphQL APIs on PostgreSQL." }) { id } }',
      {},
      recruiter.accessToken,
    );
    expect(posted.errors).toBeUndefined();
    const jobId = posted.data.postJob.id as string;

    await eventually(async () => matches.received.events.length >= 1, 30_000);
    const [first] = matches.received.events;
    expect(first.errors).toBeUndefined();
    expect(first.data.matchFound).toEqual({
      cursor: expect.stringMatching(/^\d+$/),
      score: expect.any(Number),
      previousScore: null,
      job: { title: 'Backend Engineer', company: 'Compilers Inc' }, // jobs
      resume: { title: resumeTitle, owner: { fullName: 'Grace Hopper' } }, // resumes, users
      match: { verdict: expect.any(String) }, // matching
    });
    expect(first.data.matchFound.score).toBeGreaterThanOrEqual(10);

    const poster = subscribe(wsUrl(), recruiter.accessToken, CANDIDATES, { id: jobId });
    await eventually(async () => poster.received.events.length >= 1, 20_000);
    expect(poster.received.events[0].data.jobCandidates).toEqual({
      cursor: expect.stringMatching(/^\d+$/),
      resumeId: candidateResumeId,
      score: first.data.matchFound.score,
      job: { title: 'Backend Engineer', company: 'Compilers Inc' },
    });

    const rivalClient = subscribe(wsUrl(), rival.accessToken, CANDIDATES, { id: jobId });
    await eventually(
      async () => rivalClient.received.errors.length === 1 && stranger.received.errors.length === 1,
    );
    expect(rivalClient.received.errors[0][0].extensions.code).toBe('FORBIDDEN');
    expect(stranger.received.errors[0][0].extensions.code).toBe('FORBIDDEN');
    expect(stranger.received.events).toEqual([]);
    // minScore: the same events, none of them perfect.
    expect(aboveAll.received.events).toEqual([]);
    expect(aboveAll.received.errors).toEqual([]);
    await Promise.all([matches, aboveAll, stranger, poster, rivalClient].map((client) => client.dispose()));
  }, 60_000);

  it("refuses another user's resume at subscribe time with a coded error, and bad input likewise", async () => {
    const other = await e2e.register('Mallory');
    const refused = subscribe(wsUrl(), other.accessToken, STATUS, { id: resumeId });
    await eventually(async () => refused.received.errors.length === 1);
    expect(refused.received.errors[0][0].extensions.code).toBe('FORBIDDEN');
    const bad = subscribe(wsUrl(), other.accessToken, STATUS, { id: 'not-a-uuid' });
    await eventually(async () => bad.received.errors.length === 1);
    expect(bad.received.errors[0][0].extensions.code).toBe('BAD_USER_INPUT');
    const badCursor = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId, after: 'x' });
    await eventually(async () => badCursor.received.errors.length === 1);
    expect(badCursor.received.errors[0][0].extensions.code).toBe('BAD_USER_INPUT');
    await Promise.all([refused.dispose(), bad.dispose(), badCursor.dispose()]);
  });

  it('refuses a connection without a valid token with 4401', async () => {
    const anonymous = subscribe(wsUrl(), 'not-a-token', STATUS, { id: resumeId });
    await eventually(async () => anonymous.received.closed !== undefined);
    expect(anonymous.received.closed?.code).toBe(4401);
  });

  it("closes a revoked session's subscriptions with 4403", async () => {
    const session = await e2e.register('Revoked Rita');
    const created = await e2e.gateway(
      'mutation { createResume(input: { title: "CV" }) { id } }',
      {},
      session.accessToken,
    );
    const live = subscribe(wsUrl(), session.accessToken, STATUS, {
      id: created.data.createResume.id,
      after: '0',
    });
    await publish(created.data.createResume.id, session.id, 'before logout');
    await eventually(async () => live.received.events.length === 1);
    const logout = await e2e.gateway('mutation { logout }', {}, session.accessToken);
    expect(logout.errors).toBeUndefined();
    await eventually(async () => live.received.closed !== undefined);
    expect(live.received.closed).toEqual({ code: 4403, reason: 'Forbidden: session revoked' });
  });

  it('delivers on two gateways to their own clients, and resumes across a gateway restart', async () => {
    const second = await extraGateway();
    const viaFirst = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId, after: '0' });
    const viaSecond = subscribe(second.websocketUrl, owner.accessToken, STATUS, { id: resumeId, after: '0' });
    await publish(resumeId, owner.id, 'both');
    await eventually(
      async () => details(viaFirst.received).includes('both') && details(viaSecond.received).includes('both'),
    );
    expect(details(viaFirst.received)).toEqual(details(viaSecond.received));
    const cursor = viaFirst.received.events.at(-1).data.resumeStatus.cursor as string;
    const resolutionsBefore = second.live.resolutions;
    await viaFirst.dispose();

    await e2e.platform.stop('gateway');
    await publish(resumeId, owner.id, 'while the gateway was down');
    await e2e.platform.start('gateway');
    const resumed = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId, after: cursor });
    await eventually(async () => resumed.received.events.length === 1);
    expect(details(resumed.received)).toEqual(['while the gateway was down']);
    // The second gateway served its own client that event, resolving it once.
    await eventually(async () => details(viaSecond.received).at(-1) === 'while the gateway was down');
    expect(second.live.resolutions).toBe(resolutionsBefore + 1);
    await Promise.all([resumed.dispose(), viaSecond.dispose()]);
  }, 60_000);

  it('resolves an event again while a subgraph of its entity fields restarts, and delivers it once, whole', async () => {
    // The users subgraph as this gateway sees it: a port that is closed while "users restarts".
    const usersUrl = new URL(e2e.platform.urls.users);
    const users = createServer((req, res) => {
      const upstream = httpRequest(
        {
          host: usersUrl.hostname,
          port: usersUrl.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    const listen = (port = 0) =>
      new Promise<number>((resolve) =>
        users.listen(port, '127.0.0.1', () => resolve((users.address() as AddressInfo).port)),
      );
    const port = await listen();
    try {
      const gateway = await extraGateway({ USERS_URL: `http://127.0.0.1:${port}${usersUrl.pathname}` });
      const client = subscribe(gateway.websocketUrl, owner.accessToken, STATUS, { id: resumeId });
      await eventually(async () => {
        await publish(resumeId, owner.id, 'probe');
        await new Promise((resolve) => setTimeout(resolve, 200));
        return client.received.events.length > 0;
      });
      const retriesBefore = gateway.live.entityRetries;
      // `resume { owner { fullName } }` needs users: its port refuses connections for a while.
      users.closeAllConnections();
      await new Promise((resolve) => users.close(resolve));
      await publish(resumeId, owner.id, 'while users restarts');
      await eventually(async () => gateway.live.entityRetries > retriesBefore);
      await listen(port);
      await eventually(async () => details(client.received).includes('while users restarts'));
      // A little longer: a second delivery of the event would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const delivered = client.received.events.filter(
        (event) => event.data?.resumeStatus?.detail === 'while users restarts',
      );
      expect(delivered).toHaveLength(1);
      expect(delivered[0].errors).toBeUndefined();
      expect(delivered[0].data.resumeStatus.resume).toEqual({
        title: 'Backend CV',
        owner: { fullName: 'Ada Lovelace' },
      });
      await client.dispose();
    } finally {
      users.closeAllConnections();
      users.close();
    }
  });

  it('resolves identical subscriptions once per event', async () => {
    const gateway = await extraGateway();
    const clients = Array.from({ length: 5 }, () =>
      subscribe(gateway.websocketUrl, owner.accessToken, STATUS, { id: resumeId }),
    );
    // Live-only subscriptions: wait until all five are registered (one probe event reaches each).
    await eventually(async () => {
      await publish(resumeId, owner.id, 'probe');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return clients.every((client) => client.received.events.length > 0);
    });
    const before = gateway.live.resolutions;
    await publish(resumeId, owner.id, 'shared');
    await eventually(async () => clients.every((client) => details(client.received).includes('shared')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gateway.live.resolutions - before).toBe(1);
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it('shares one parsed document across subscriptions, but never one result across different variables', async () => {
    const gateway = await extraGateway();
    const created = await e2e.gateway(
      'mutation { createResume(input: { title: "Second CV" }) { id } }',
      {},
      owner.accessToken,
    );
    const secondId: string = created.data.createResume.id;
    // The same text for both resumes (one parsed document, one query text kept by the gateway).
    const first = [0, 1].map(() =>
      subscribe(gateway.websocketUrl, owner.accessToken, STATUS, { id: resumeId }),
    );
    const second = [0, 1].map(() =>
      subscribe(gateway.websocketUrl, owner.accessToken, STATUS, { id: secondId }),
    );
    await eventually(async () => {
      await Promise.all([publish(resumeId, owner.id, 'probe'), publish(secondId, owner.id, 'probe')]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return [...first, ...second].every((client) => client.received.events.length > 0);
    });
    const before = gateway.live.resolutions;
    await publish(resumeId, owner.id, 'to the first');
    await publish(secondId, owner.id, 'to the second');
    await eventually(async () =>
      [...first, ...second].every((client) =>
        details(client.received).some((detail) => detail.startsWith('to the')),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    // One resolution per resume, each shared by its two identical subscriptions.
    expect(gateway.live.resolutions - before).toBe(2);
    for (const client of first) {
      expect(details(client.received)).toContain('to the first');
      expect(details(client.received)).not.toContain('to the second');
      expect(client.received.events.at(-1).data.resumeStatus.resume.title).toBe('Backend CV');
    }
    for (const client of second) {
      expect(details(client.received)).toContain('to the second');
      expect(details(client.received)).not.toContain('to the first');
      expect(client.received.events.at(-1).data.resumeStatus.resume.title).toBe('Second CV');
    }
    await Promise.all([...first, ...second].map((client) => client.dispose()));
  });

  it('shares payload-only selections across viewers, and never across viewers when entities are asked for', async () => {
    const gateway = await extraGateway();
    const admin = await e2e.admin();
    const PAYLOAD_ONLY = 'subscription ($id: ID!) { resumeStatus(resumeId: $id) { cursor detail } }';
    const clients = [owner, admin].flatMap((viewer) => [
      subscribe(gateway.websocketUrl, viewer.accessToken, PAYLOAD_ONLY, { id: resumeId }),
      subscribe(gateway.websocketUrl, viewer.accessToken, STATUS, { id: resumeId }),
    ]);
    await eventually(async () => {
      await publish(resumeId, owner.id, 'probe');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return clients.every((client) => client.received.events.length > 0);
    });
    const before = gateway.live.resolutions;
    await publish(resumeId, owner.id, 'viewers');
    await eventually(async () => clients.every((client) => details(client.received).includes('viewers')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // One for both payload-only subscriptions, one per viewer for the entity ones.
    expect(gateway.live.resolutions - before).toBe(3);
    expect(clients[3].received.events.at(-1).data.resumeStatus.resume.owner.fullName).toBe('Ada Lovelace');
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it('serves the same subscription over SSE with the cursor as event id, resuming from Last-Event-ID', async () => {
    const stream = async (lastEventId?: string) => {
      const controller = new AbortController();
      const response = await fetch(e2e.platform.urls.gateway, {
        method: 'POST',
        headers: {
          accept: 'text/event-stream',
          'content-type': 'application/json',
          authorization: `Bearer ${owner.accessToken}`,
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        body: JSON.stringify({ query: STATUS, variables: { id: resumeId, after: '0' } }),
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const events: { id?: string; data: any }[] = [];
      const decoder = new TextDecoder();
      let text = '';
      void (async () => {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          text += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = text.indexOf('\n\n')) >= 0) {
            const block = text.slice(0, end);
            text = text.slice(end + 2);
            if (!block.includes('event: next')) continue;
            const id = /^id: (.*)$/m.exec(block)?.[1];
            const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]);
            events.push({ id, data });
          }
        }
      })().catch(() => {});
      return { events, close: () => controller.abort() };
    };
    const all = await stream();
    await publish(resumeId, owner.id, 'over sse');
    await eventually(async () =>
      all.events.some((event) => event.data.data.resumeStatus.detail === 'over sse'),
    );
    for (const event of all.events) expect(event.id).toBe(event.data.data.resumeStatus.cursor);
    expect(all.events.at(-1)!.data.data.resumeStatus.resume).toEqual({
      title: 'Backend CV',
      owner: { fullName: 'Ada Lovelace' },
    });
    const lastId = all.events.at(-1)!.id!;
    all.close();
    await publish(resumeId, owner.id, 'after reconnect');
    const resumed = await stream(lastId);
    await eventually(async () => resumed.events.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed.events.map((event) => event.data.data.resumeStatus.detail)).toEqual(['after reconnect']);
    resumed.close();
  });

  it('closes a slow client with 4413 without delaying a fast one', async () => {
    const count = 300;
    const big = 'x'.repeat(100_000);
    // A gateway in this process, so the test can see it close the slow client and free its connection.
    const gateway = await extraGateway({
      LIVE_CLOSE_GRACE_MS: '500',
      LIVE_CLIENT_BUFFER_EVENTS: '64',
      LIVE_CLIENT_BUFFER_BYTES: String(16 * 1024 * 1024),
    });
    const fast = subscribe(gateway.websocketUrl, owner.accessToken, STATUS, { id: resumeId, after: '0' });
    // A raw client that stops reading once subscribed: its socket buffers fill up.
    const slow = new WebSocket(gateway.websocketUrl, 'graphql-transport-ws');
    let slowClose: { code: number; reason: string } | undefined;
    let slowNexts = 0;
    slow.on('close', (code, reason) => (slowClose = { code, reason: reason.toString() }));
    slow.on('error', () => {}); // the cut surfaces as ECONNRESET, then the close event
    slow.on('open', () =>
      slow.send(
        JSON.stringify({
          type: 'connection_init',
          payload: { authorization: `Bearer ${owner.accessToken}` },
        }),
      ),
    );
    slow.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string };
      if (message.type === 'connection_ack') {
        slow.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: STATUS, variables: { id: resumeId, after: '0' } },
          }),
        );
      }
      if (message.type === 'next') {
        slowNexts += 1;
        // Stop reading after the first event.
        if (slowNexts === 1) (slow as unknown as { _socket: { pause(): void } })._socket.pause();
      }
    });
    await publish(resumeId, owner.id, 'warm-up');
    await eventually(async () => slowNexts >= 1 && fast.received.events.length >= 1);
    const before = fast.received.events.length;
    let lastPublishedAt = 0;
    for (let index = 0; index < count; index += 1) {
      await publish(resumeId, owner.id, `${index} ${big}`);
      lastPublishedAt = performance.now();
    }
    await eventually(async () => fast.received.events.length >= before + count, 30_000);
    const lag = performance.now() - lastPublishedAt;
    expect(lag).toBeLessThan(5_000);
    await eventually(async () => gateway.live.slowClientsClosed === 1);
    // The close frame waits behind the unread events; after the grace period the gateway cuts the
    // connection, freeing what the client left unread.
    await eventually(async () => gateway.liveConnections.size === 1);
    expect(slowClose).toBeUndefined(); // still paused: it has seen nothing yet
    // Reading again, the client gets what was already on its way, then sees the connection end.
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    await eventually(async () => slowClose !== undefined);
    expect(slowClose?.code).toBe(1006); // cut, not a clean close: it reconnects with its last cursor
    expect(slowNexts).toBeGreaterThan(1);
    expect(slowNexts).toBeLessThan(before + count);
    await fast.dispose();
  }, 60_000);

  it('keeps delivering, without gap or duplicate, across a NATS server restart', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'hiregraph-live-nats-'));
    const nats = new OwnNatsServer(directory);
    await nats.start();
    const privateBus = await EventBus.connect({
      servers: nats.url,
      namespace: e2e.ns.name,
      service: 'live-test',
      logger: silent,
    });
    try {
      const gateway = await extraGateway({ NATS_URL: nats.url });
      const client = subscribe(gateway.websocketUrl, owner.accessToken, STATUS, { id: resumeId, after: '0' });
      const send = (detail: string) =>
        privateBus.publish(
          createEvent(
            'resume.status_changed',
            { resumeId, ownerId: owner.id, status: 'PARSED', detail },
            { producer: 'resumes' },
          ),
        );
      await send('before restart');
      await eventually(async () => client.received.events.length === 1);
      await nats.stop();
      await nats.start();
      // The publisher reconnects too; publish until JetStream takes it again.
      await eventually(async () => send('after restart').then(() => true), 20_000);
      await send('and again');
      await eventually(async () => details(client.received).includes('and again'), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(details(client.received)).toEqual(['before restart', 'after restart', 'and again']);
      expect(client.received.closed).toBeUndefined();
      await client.dispose();
    } finally {
      await privateBus.close();
      await nats.stop();
      await rm(directory, { recursive: true, force: true });
    }
  }, 90_000);
});
