import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { EventBus, eventStreamName } from '@hiregraph/platform/events/bus';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { createLogger } from '@hiregraph/platform/logger';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { loadGatewayConfig } from '@hiregraph/gateway/config';
import { startGateway, type RunningGateway } from '@hiregraph/gateway/gateway';
import { PASSWORD, startE2EPlatform, type Account, type E2EPlatform } from './support/platform.js';
import { subscribe } from './support/live-client.js';

const silent = createLogger('live-limits-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const LIVE_ENV = { LIVE_AUTH_CHECK_MS: '60000', LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3' };
const STATUS = `subscription ($id: ID!, $after: String) {
  resumeStatus(resumeId: $id, after: $after) { cursor detail }
}`;
/** `count` aliases of `field` inside the resumeStatus payload. */
const aliased = (count: number, field: string, prefix = 'a') =>
  `subscription ($id: ID!) { resumeStatus(resumeId: $id) { cursor ${Array.from(
    { length: count },
    (_, index) => `${prefix}${index}: ${field}`,
  ).join(' ')} } }`;

/** A raw graphql-transport-ws socket: what a hostile client can send, frame by frame. */
function rawSocket(url: string, token: string) {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const messages: any[] = [];
  let closed: { code: number; reason: string } | undefined;
  socket.on('message', (raw) => messages.push(JSON.parse(raw.toString())));
  socket.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
  socket.on('error', () => {});
  const acked = new Promise<void>((resolve, reject) => {
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
    );
    socket.on('message', (raw) => {
      if (JSON.parse(raw.toString()).type === 'connection_ack') resolve();
    });
    socket.on('close', () => reject(new Error('closed before ack')));
  });
  return {
    socket,
    messages,
    acked,
    closed: () => closed,
    send: (message: unknown) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
  };
}

describe('live path limits through the gateway', () => {
  let e2e: E2EPlatform;
  let bus: EventBus;
  let owner: Account;
  let resumeId: string;
  const gateways: RunningGateway[] = [];
  const wsUrl = () => e2e.platform.urls.gateway.replace(/^http/, 'ws');

  const publish = (detail: string) =>
    bus.publish(
      createEvent(
        'resume.status_changed',
        { resumeId, ownerId: owner.id, status: 'PROCESSING', detail },
        { producer: 'resumes' },
      ),
    );

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

  /** Subscribes live-only and publishes probes until the subscription receives one. */
  const untilListening = async (clients: { received: { events: unknown[] } }[]) =>
    eventually(async () => {
      await publish('probe');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return clients.every((client) => client.received.events.length > 0);
    });

  beforeAll(async () => {
    e2e = await startE2EPlatform('livelimits', LIVE_ENV);
    bus = await EventBus.connect({
      servers: e2e.ns.config.NATS_URL,
      namespace: e2e.ns.name,
      service: 'live-limits-test',
      logger: silent,
    });
    owner = await e2e.register('Ada Limits');
    const created = await e2e.gateway(
      'mutation { createResume(input: { title: "Limits CV" }) { id } }',
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

  it('refuses a 1,000-alias subscription with QUERY_TOO_COMPLEX over graphql-ws and graphql-sse', async () => {
    const cases = [
      { query: aliased(1_000, 'resume { title }'), limit: 'tokens' },
      { query: aliased(30, 'detail'), limit: 'aliases' },
    ];
    for (const { query, limit } of cases) {
      const ws = subscribe(wsUrl(), owner.accessToken, query, { id: resumeId });
      await eventually(async () => ws.received.errors.length === 1);
      expect(ws.received.errors[0][0].extensions).toEqual({
        code: 'QUERY_TOO_COMPLEX',
        limit,
        max: expect.any(Number),
      });
      await ws.dispose();

      const response = await fetch(e2e.platform.urls.gateway, {
        method: 'POST',
        headers: {
          accept: 'text/event-stream',
          'content-type': 'application/json',
          authorization: `Bearer ${owner.accessToken}`,
        },
        body: JSON.stringify({ query, variables: { id: resumeId } }),
      });
      const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0].extensions).toEqual({
        code: 'QUERY_TOO_COMPLEX',
        limit,
        max: expect.any(Number),
      });
    }
    // Still serving.
    const ok = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId });
    await untilListening([ok]);
    await ok.dispose();
  });

  it('closes a socket that sends a message larger than a request body may be (1009)', async () => {
    const raw = rawSocket(wsUrl(), owner.accessToken);
    await raw.acked;
    raw.send({
      id: '1',
      type: 'subscribe',
      payload: { query: STATUS, variables: { id: resumeId, padding: 'x'.repeat(2_000_000) } },
    });
    await eventually(async () => raw.closed() !== undefined);
    expect(raw.closed()?.code).toBe(1009);
    raw.socket.terminate();
  });

  it('caps the subscriptions of one connection with TOO_MANY_SUBSCRIPTIONS', async () => {
    const client = createClient({
      url: wsUrl(),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${owner.accessToken}` },
      retryAttempts: 0,
    });
    const outcomes: { events: number; errors: any[] }[] = [];
    for (let index = 0; index < 4; index += 1) {
      const outcome = { events: 0, errors: [] as any[] };
      outcomes.push(outcome);
      client.subscribe(
        { query: STATUS, variables: { id: resumeId } },
        {
          next: () => (outcome.events += 1),
          error: (error) => outcome.errors.push(error),
          complete: () => {},
        },
      );
    }
    await eventually(async () => outcomes.some((outcome) => outcome.errors.length > 0));
    const refused = outcomes.filter((outcome) => outcome.errors.length > 0);
    expect(refused).toHaveLength(1);
    expect(refused[0].errors[0][0].extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', max: 3 });
    // The three others are served.
    await eventually(async () => {
      await publish('capped');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return outcomes.filter((outcome) => outcome.events > 0).length === 3;
    });
    await client.dispose();
  });

  it("fetches one event's entity fields with one query, and bounds the queries of the whole fan-out", async () => {
    const gateway = await extraGateway({ LIVE_MAX_CONCURRENT_RESOLUTIONS: '2' });
    // Six subscriptions with distinct selections (nothing shared), each asking for the resume five times.
    const clients = Array.from({ length: 6 }, (_, index) =>
      subscribe(gateway.websocketUrl, owner.accessToken, aliased(5, 'resume { title }', `s${index}_`), {
        id: resumeId,
      }),
    );
    await untilListening(clients);
    // The last probes may still be resolving: count from a quiet gateway, or a late probe would be
    // taken for the fan-out's event (and its resolutions counted on either side of the line).
    await eventually(async () => {
      const resolutions = gateway.live.resolutions;
      await new Promise((resolve) => setTimeout(resolve, 500));
      return gateway.live.resolutions === resolutions;
    });
    const before = { queries: gateway.live.entityQueries, resolutions: gateway.live.resolutions };
    const seen = clients.map((client) => client.received.events.length);
    await publish('fan-out');
    await eventually(
      async () =>
        gateway.live.resolutions - before.resolutions >= 6 &&
        clients.every((client, index) => client.received.events.length > seen[index]),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gateway.live.resolutions - before.resolutions).toBe(6);
    expect(gateway.live.entityQueries - before.queries).toBe(6);
    expect(gateway.live.peakEntityQueries).toBeLessThanOrEqual(2);
    const last = clients[5].received.events.at(-1);
    expect(last.errors).toBeUndefined();
    expect(last.data.resumeStatus).toMatchObject({
      s5_0: { title: 'Limits CV' },
      s5_4: { title: 'Limits CV' },
    });
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it('renews a token of the same session, and closes the connection for a token of another session', async () => {
    const login = async () => {
      const res = await e2e.gateway(
        'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
        { input: { email: owner.email, password: PASSWORD } },
      );
      expect(res.errors).toBeUndefined();
      return res.data.login.accessToken as string;
    };
    const first = await login();
    const second = await login();
    const raw = rawSocket(wsUrl(), first);
    await raw.acked;
    raw.send({ id: '1', type: 'subscribe', payload: { query: STATUS, variables: { id: resumeId } } });
    raw.send({ type: 'ping', payload: { token: first } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(raw.closed()).toBeUndefined();
    // The first session is revoked; its client renews with another session's token.
    const logout = await e2e.gateway('mutation { logout }', {}, first);
    expect(logout.errors).toBeUndefined();
    raw.send({ type: 'ping', payload: { token: second } });
    await eventually(async () => raw.closed() !== undefined);
    expect(raw.closed()).toEqual({ code: 4403, reason: 'Forbidden: the new token is for another session' });
    raw.socket.terminate();
  });

  it('answers CURSOR_EXPIRED with the oldest cursor for a cursor older than the replay window; after "0" replays the window only', async () => {
    const recorder = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId, after: '0' });
    await publish('old');
    await eventually(async () => recorder.received.events.some((e) => e.data.resumeStatus.detail === 'old'));
    const oldCursor = recorder.received.events.find((e) => e.data.resumeStatus.detail === 'old').data
      .resumeStatus.cursor as string;
    const gateway = await extraGateway({ LIVE_REPLAY_WINDOW_MS: '1500' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await publish('recent');
    await eventually(async () =>
      recorder.received.events.some((e) => e.data.resumeStatus.detail === 'recent'),
    );
    const recentCursor = Number(recorder.received.events.at(-1).data.resumeStatus.cursor);

    const expired = subscribe(gateway.websocketUrl, owner.accessToken, STATUS, {
      id: resumeId,
      after: String(Number(oldCursor) - 1),
    });
    await eventually(async () => expired.received.errors.length === 1);
    const [error] = expired.received.errors[0];
    expect(error.extensions).toEqual({
      code: 'CURSOR_EXPIRED',
      oldestCursor: expect.stringMatching(/^\d+$/),
    });
    const oldest = Number(error.extensions.oldestCursor);
    expect(oldest).toBeGreaterThanOrEqual(Number(oldCursor));

    // From "0" on the short-window gateway: what the window holds, never the subject's history. The
    // window is wall-clock time, so whether "recent" is still inside it depends on the machine's
    // speed; an event published now always is, and "old" never is.
    const fromStart = subscribe(gateway.websocketUrl, owner.accessToken, STATUS, {
      id: resumeId,
      after: '0',
    });
    await publish('fresh');
    await eventually(async () =>
      fromStart.received.events.some((e) => e.data.resumeStatus.detail === 'fresh'),
    );
    expect(fromStart.received.errors).toEqual([]);
    const replayed = fromStart.received.events.map((e) => e.data.resumeStatus.detail);
    expect(replayed).not.toContain('old');
    expect(replayed.at(-1)).toBe('fresh');

    // The oldest cursor the error named resumes cleanly where the window is wide (the default hour).
    const fromOldest = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId, after: String(oldest) });
    await eventually(async () =>
      fromOldest.received.events.some((e) => e.data.resumeStatus.detail === 'fresh'),
    );
    expect(fromOldest.received.errors).toEqual([]);
    expect(fromOldest.received.events.map((e) => e.data.resumeStatus.detail)).not.toContain('old');

    // A recent cursor still resumes with exactly what followed it.
    const fine = subscribe(wsUrl(), owner.accessToken, STATUS, {
      id: resumeId,
      after: String(recentCursor - 1),
    });
    await eventually(async () => fine.received.events.length === 2);
    expect(fine.received.events.map((e) => e.data.resumeStatus.detail)).toEqual(['recent', 'fresh']);
    await Promise.all([
      recorder.dispose(),
      expired.dispose(),
      fromStart.dispose(),
      fromOldest.dispose(),
      fine.dispose(),
    ]);
    await Promise.all([recorder.dispose(), fine.dispose(), expired.dispose()]);
  }, 30_000);

  it("answers CURSOR_EXPIRED for a cursor whose events the stream's retention dropped", async () => {
    await publish('kept');
    const recorder = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId, after: '0' });
    await eventually(async () => recorder.received.events.some((e) => e.data.resumeStatus.detail === 'kept'));
    const kept = Number(recorder.received.events.at(-1).data.resumeStatus.cursor);
    await recorder.dispose();
    // What max_age does after 30 days: everything before `kept` is gone.
    const connection = await connect({ servers: e2e.ns.config.NATS_URL });
    try {
      const jsm = await jetstreamManager(connection);
      await jsm.streams.purge(eventStreamName(e2e.ns.name), { seq: kept });
    } finally {
      await connection.close();
    }
    const expired = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId, after: String(kept - 2) });
    await eventually(async () => expired.received.errors.length === 1);
    expect(expired.received.errors[0][0].extensions).toEqual({
      code: 'CURSOR_EXPIRED',
      oldestCursor: String(kept - 1),
    });
    const future = subscribe(wsUrl(), owner.accessToken, STATUS, { id: resumeId, after: '999999999' });
    await eventually(async () => future.received.errors.length === 1);
    // Beyond the stream's end (a recreated stream, or made up): expired too, never a silent gap.
    expect(future.received.errors[0][0].extensions).toEqual({
      code: 'CURSOR_EXPIRED',
      oldestCursor: expect.stringMatching(/^\d+$/),
    });
    await Promise.all([expired.dispose(), future.dispose()]);
  });
});
