import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jetstream } from '@nats-io/jetstream';
import { eventSubject } from '@hiregraph/platform/events/bus';
import { createEvent, type EventEnvelope } from '@hiregraph/platform/events/envelope';
import { safeFetch } from '@hiregraph/platform/net/ssrf';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { sendWebhook, validateWebhookUrl } from '@hiregraph/platform/webhooks/sender';
import { verifyWebhookSignature, WebhookHeaders } from '@hiregraph/platform/webhooks/signature';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { createUsersSubgraph } from '../subgraph.js';

/** Waits until `check` stops throwing. */
const until = (check: () => unknown) =>
  eventually(async () => {
    await check();
    return true;
  });

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 answering with the statuses queued in `answers` (then 200). */
async function receiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.statusCode = answers.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { received, answers, port, url: `http://127.0.0.1:${port}/hook`, close: () => server.close() };
}

const CREATE = `mutation ($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id url eventTypes } } }`;
const DELIVERIES = `query ($id: ID!) { webhookDeliveries(webhookId: $id) { totalCount nodes { id status attempts responseStatus durationMs error eventId nextAttemptAt } } }`;

describe('webhooks and email', () => {
  let users: TestSubgraph;
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    hook = await receiver();
    users = await startTestSubgraph(createUsersSubgraph(), {
      env: {
        WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_RETRY_BASE_DELAY_MS: '100',
        EMAIL_PROVIDER: 'mailbox',
        EMAIL_POLL_INTERVAL_MS: '100',
      },
    });
  });
  afterAll(async () => {
    await users.stop();
    hook.close();
  });

  const signUp = async () => {
    const email = `${randomUUID()}@example.com`;
    const res = await users.query(
      'mutation ($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }',
      { i: { email, password: 'correct horse battery staple', fullName: 'Webhook Tester' } },
    );
    return { id: res.data.register.user.id as string, email, auth: bearer(res.data.register.accessToken) };
  };
  const publishRaw = async (event: EventEnvelope, msgID: string) => {
    const { bus } = users.subgraph.runtime;
    await jetstream(bus.connection).publish(eventSubject(bus.namespace, event.type), JSON.stringify(event), {
      msgID,
    });
  };
  const received = (eventId: string) => hook.received.filter((r) => JSON.parse(r.body).id === eventId);

  it('signs deliveries, retries after a 500, logs both attempts, and never sends another user’s events', async () => {
    const owner = await signUp();
    const other = await signUp();
    const created = await users.query(
      CREATE,
      { i: { url: hook.url, eventTypes: ['resume.created'] } },
      owner.auth,
    );
    const { secret, webhook } = created.data.createWebhook;
    expect(secret).toMatch(/^whsec_/);

    hook.answers.push(500);
    const event = createEvent(
      'resume.created',
      { resumeId: randomUUID(), ownerId: owner.id },
      { producer: 'resumes' },
    );
    const othersEvent = createEvent(
      'resume.created',
      { resumeId: randomUUID(), ownerId: other.id },
      { producer: 'resumes' },
    );
    await users.subgraph.runtime.bus.publish(othersEvent);
    await users.subgraph.runtime.bus.publish(event);

    await until(async () => {
      const log = await users.query(DELIVERIES, { id: webhook.id }, owner.auth);
      expect(log.data.webhookDeliveries.nodes[0]).toMatchObject({
        status: 'DELIVERED',
        attempts: 2,
        responseStatus: 200,
      });
    });
    const [delivery] = await users
      .em()
      .getConnection()
      .execute('select attempt_log from webhook_deliveries where webhook_id = ?', [webhook.id]);
    expect(delivery.attempt_log.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([500, 200]);

    const posts = received(event.id);
    expect(posts).toHaveLength(2);
    const last = posts[1];
    // The documented verification (docs/events.md).
    expect(
      verifyWebhookSignature({
        secret,
        body: last.body,
        timestamp: last.headers[WebhookHeaders.timestamp.toLowerCase()] as string,
        signatureHeader: last.headers[WebhookHeaders.signature.toLowerCase()] as string,
      }),
    ).toBe(true);
    expect(
      verifyWebhookSignature({
        secret: 'whsec_wrong',
        body: last.body,
        timestamp: last.headers[WebhookHeaders.timestamp.toLowerCase()] as string,
        signatureHeader: last.headers[WebhookHeaders.signature.toLowerCase()] as string,
      }),
    ).toBe(false);
    expect(JSON.parse(last.body)).toEqual({
      id: event.id,
      type: 'resume.created',
      occurredAt: event.occurredAt,
      data: event.data,
    });
    expect(received(othersEvent.id)).toHaveLength(0);
  });

  it("delivers a posting's candidates and an import's progress to the poster / creator only", async () => {
    const poster = await signUp();
    const other = await signUp();
    const types = ['match.candidate_found', 'job_import.progress'];
    const register = async (auth: Record<string, string>) => {
      const created = await users.query(CREATE, { i: { url: hook.url, eventTypes: types } }, auth);
      expect(created.errors).toBeUndefined();
      return created.data.createWebhook.webhook.id as string;
    };
    const posterHook = await register(poster.auth);
    const otherHook = await register(other.auth);
    const candidate = createEvent(
      'match.candidate_found',
      {
        matchId: randomUUID(),
        jobId: randomUUID(),
        postedById: poster.id,
        resumeId: randomUUID(),
        score: 81,
        previousScore: null,
      },
      { producer: 'matching' },
    );
    const progress = createEvent(
      'job_import.progress',
      {
        importId: randomUUID(),
        createdById: poster.id,
        source: 'feed',
        status: 'COMPLETED',
        counts: { received: 1, new: 1, updated: 0, duplicate: 0, rejected: 0, closed: 0 },
        done: true,
        error: null,
      },
      { producer: 'jobs' },
    );
    await users.subgraph.runtime.bus.publish(candidate);
    await users.subgraph.runtime.bus.publish(progress);
    await until(() => {
      expect(received(candidate.id)).toHaveLength(1);
      expect(received(progress.id)).toHaveLength(1);
    });
    expect(JSON.parse(received(candidate.id)[0].body)).toMatchObject({
      type: 'match.candidate_found',
      data: candidate.data,
    });
    // Deliveries of one event are written together, in its consumer's one transaction.
    const deliveries = (webhookId: string) =>
      users
        .em()
        .getConnection()
        .execute('select event_type from webhook_deliveries where webhook_id = ? order by event_type', [
          webhookId,
        ]);
    expect(await deliveries(posterHook)).toEqual([
      { event_type: 'job_import.progress' },
      { event_type: 'match.candidate_found' },
    ]);
    expect(await deliveries(otherHook)).toEqual([]);
  });

  it('POSTs once when JetStream delivers the event or the delivery message twice', async () => {
    const owner = await signUp();
    const created = await users.query(
      CREATE,
      { i: { url: hook.url, eventTypes: ['resume.deleted'] } },
      owner.auth,
    );
    const webhookId = created.data.createWebhook.webhook.id;
    const event = createEvent(
      'resume.deleted',
      { resumeId: randomUUID(), ownerId: owner.id },
      { producer: 'resumes' },
    );
    await publishRaw(event, `${event.id}-a`);
    await publishRaw(event, `${event.id}-b`);
    await until(() => expect(received(event.id)).toHaveLength(1));
    const [row] = await users
      .em()
      .getConnection()
      .execute('select id from webhook_deliveries where webhook_id = ?', [webhookId]);
    const request = createEvent(
      'webhook.delivery_requested',
      { deliveryId: row.id, webhookId },
      { producer: 'users' },
    );
    await publishRaw(request, `${request.id}-a`);
    await publishRaw(request, `${request.id}-b`);
    // Manual redelivery is a new delivery and does POST again: the signal that the queue was drained.
    const redelivered = await users.query(
      'mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id status } }',
      { id: row.id },
      owner.auth,
    );
    expect(redelivered.errors).toBeUndefined();
    await until(() => expect(received(event.id)).toHaveLength(2));
    const log = await users.query(DELIVERIES, { id: webhookId }, owner.auth);
    expect(log.data.webhookDeliveries.totalCount).toBe(2);
  });

  it('refuses private targets: at registration, at sending, and through redirects', async () => {
    const owner = await signUp();
    for (const url of [
      'http://127.0.0.1/x',
      'https://127.0.0.1/x',
      'https://2130706433/x',
      'https://0x7f.1/x',
      'https://[::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://169.254.169.254/latest',
      'https://10.0.0.5/x',
      'https://localhost/x',
    ]) {
      expect(() => validateWebhookUrl(url, 'url')).toThrow();
    }
    expect(validateWebhookUrl('https://hooks.example.com/x', 'url')).toBe('https://hooks.example.com/x');
    const refused = await users.query(
      CREATE,
      { i: { url: 'ftp://example.com/', eventTypes: ['resume.created'] } },
      owner.auth,
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    const unknownType = await users.query(
      CREATE,
      { i: { url: hook.url, eventTypes: ['user.deleted'] } },
      owner.auth,
    );
    expect(unknownType.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

    const payload = {
      id: randomUUID(),
      type: 'resume.created',
      occurredAt: new Date().toISOString(),
      data: {},
    };
    const blocked = await sendWebhook(hook.url, payload, 'whsec_x');
    expect(blocked).toMatchObject({ ok: false, responseStatus: null });
    expect(blocked.error).toMatch(/not a public address/);
    expect(received(payload.id)).toHaveLength(0);

    // A host allowed by exact host:port redirects to another loopback port: not followed.
    const target = await receiver();
    const redirector = http.createServer((_req, res) => {
      res.writeHead(302, { location: target.url });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const redirectorHost = `127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    try {
      const attempt = await sendWebhook(`http://${redirectorHost}/`, payload, 'whsec_x', {
        allowHosts: [redirectorHost],
      });
      expect(attempt).toMatchObject({ ok: false, responseStatus: 302 });
      await expect(
        safeFetch(`http://${redirectorHost}/`, { allowHosts: [redirectorHost] }),
      ).rejects.toMatchObject({
        extensions: { reason: 'BLOCKED_ADDRESS' },
      });
      expect(target.received).toHaveLength(0);
    } finally {
      redirector.close();
      target.close();
    }
  });

  it('sends the welcome mail once, even when user.registered comes again', async () => {
    const user = await signUp();
    const mails = () =>
      users
        .em()
        .getConnection()
        .execute(`select subject from mailbox where recipient = ? and idempotency_key like 'welcome:%'`, [
          user.email,
        ]);
    await until(async () => expect(await mails()).toHaveLength(1));
    const again = createEvent(
      'user.registered',
      { userId: user.id, email: user.email, fullName: 'Webhook Tester' },
      { producer: 'users' },
    );
    await users.subgraph.runtime.bus.publish(again);
    await until(async () => {
      const [row] = await users
        .em()
        .getConnection()
        .execute(
          `select count(*)::int as n from processed_events where consumer = 'welcome_email' and event_id = ?`,
          [again.id],
        );
      expect(row.n).toBe(1);
    });
    expect(await mails()).toEqual([{ subject: 'Welcome to Hiregraph' }]);
  });
});
