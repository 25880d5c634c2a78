import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { createUsersSubgraph } from '../subgraph.js';
import { recordMatchNotification, runMatchDigests } from './email.service.js';

const HOUR = 3_600_000;

describe('match digests', () => {
  let users: TestSubgraph;
  beforeAll(async () => {
    users = await startTestSubgraph(createUsersSubgraph(), {
      // The service's own digest timer stays out of the way: this test runs them at chosen times.
      env: { EMAIL_PROVIDER: 'mailbox', EMAIL_POLL_INTERVAL_MS: '100', MATCH_DIGEST_INTERVAL_MS: '86400000' },
    });
  });
  afterAll(() => users.stop());

  /** A user whose notification preferences are `notifications`. */
  const userWith = async (name: string, notifications: Record<string, unknown>) => {
    const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
    const res = await users.query(
      'mutation ($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }',
      { i: { email, password: 'correct horse battery staple', fullName: name } },
    );
    const auth = bearer(res.data.register.accessToken);
    const prefs = await users.query(
      'mutation ($i: UpdatePreferencesInput!) { updatePreferences(input: $i) { notifications { matchDigest } } }',
      { i: { notifications } },
      auth,
    );
    expect(prefs.errors).toBeUndefined();
    return { id: res.data.register.user.id as string, email };
  };
  /** A match.found as the consumer records it. */
  const notify = (ownerId: string, at: Date, match: { matchId?: string; jobId?: string; score: number }) =>
    users.em().transactional((tx) =>
      recordMatchNotification(tx as EntityManager, randomUUID(), at.toISOString(), {
        matchId: match.matchId ?? randomUUID(),
        resumeId: randomUUID(),
        jobId: match.jobId ?? randomUUID(),
        ownerId,
        score: match.score,
        previousScore: null,
      }),
    );
  const digests = (recipient: string) =>
    users
      .em()
      .getConnection()
      .execute<{ subject: string; text_body: string }[]>(
        `select subject, text_body from email_outbox where recipient = ? and kind = 'match_digest' order by created_at`,
        [recipient],
      );
  const mailbox = (recipient: string) =>
    users
      .em()
      .getConnection()
      .execute<{ subject: string; text_body: string }[]>(
        `select subject, text_body from mailbox where recipient = ? and idempotency_key like 'match-digest:%' order by created_at`,
        [recipient],
      );

  it('mails each owner their new matches per their digest preference, once', async () => {
    const hourly = await userWith('Hourly', { emailOnMatch: true, matchDigest: 'HOURLY' });
    const daily = await userWith('Daily', { emailOnMatch: true, matchDigest: 'DAILY' });
    const never = await userWith('Never', { emailOnMatch: true, matchDigest: 'NEVER' });
    const off = await userWith('Off', { emailOnMatch: false, matchDigest: 'HOURLY' });

    const start = new Date(Date.now() - 60_000);
    const improved = { matchId: randomUUID(), jobId: randomUUID() };
    await notify(hourly.id, start, { ...improved, score: 70 });
    // The same match, improved later: listed once, with its latest score.
    await notify(hourly.id, new Date(start.getTime() + 1000), { ...improved, score: 85 });
    await notify(hourly.id, start, { score: 60 });
    await notify(daily.id, start, { score: 90 });
    await notify(never.id, start, { score: 90 });
    await notify(off.id, start, { score: 90 });

    const now = new Date();
    expect(await runMatchDigests(users.em(), now)).toBe(2);
    // Running again sends nothing new: every notification is digested.
    expect(await runMatchDigests(users.em(), now)).toBe(0);
    expect(await runMatchDigests(users.em(), new Date(now.getTime() + 1000))).toBe(0);

    const [hourlyDigest, ...moreHourly] = await digests(hourly.email);
    expect(moreHourly).toEqual([]);
    expect(hourlyDigest.subject).toBe('2 new job matches on Hiregraph');
    const lines = hourlyDigest.text_body.split('\n').filter((line) => line.startsWith('- '));
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^- job ${improved.jobId} .*score 85/100$`)),
      expect.stringMatching(/score 60\/100$/),
    ]);
    expect(hourlyDigest.text_body).toContain('Hello Hourly');
    expect(await digests(daily.email)).toEqual([
      { subject: '1 new job match on Hiregraph', text_body: expect.stringContaining('score 90/100') },
    ]);
    expect(await digests(never.email)).toEqual([]);
    expect(await digests(off.email)).toEqual([]);

    // Newer matches wait for each owner's period since their last digest.
    const later = new Date(now.getTime() + 2 * HOUR);
    await notify(hourly.id, new Date(later.getTime() - 1000), { score: 75 });
    await notify(daily.id, new Date(later.getTime() - 1000), { score: 65 });
    await notify(never.id, new Date(later.getTime() - 1000), { score: 65 });
    expect(await runMatchDigests(users.em(), new Date(now.getTime() + 30 * 60_000))).toBe(0);
    expect(await runMatchDigests(users.em(), later)).toBe(1); // the hourly owner's
    expect(await runMatchDigests(users.em(), later)).toBe(0);
    expect(await runMatchDigests(users.em(), new Date(now.getTime() + 25 * HOUR))).toBe(1); // the daily's
    expect((await digests(hourly.email)).map((mail) => mail.subject)).toEqual([
      '2 new job matches on Hiregraph',
      '1 new job match on Hiregraph',
    ]);
    expect((await digests(daily.email)).map((mail) => mail.subject)).toEqual([
      '1 new job match on Hiregraph',
      '1 new job match on Hiregraph',
    ]);
    expect(await digests(never.email)).toEqual([]);

    // The sender delivers what was recorded (the mailbox provider keeps it), each mail once.
    await eventually(
      async () => (await mailbox(hourly.email)).length === 2 && (await mailbox(daily.email)).length === 2,
    );
    expect(await mailbox(hourly.email)).toEqual(await digests(hourly.email));
    expect(await mailbox(daily.email)).toEqual(await digests(daily.email));
    expect(await mailbox(never.email)).toEqual([]);
    expect(await mailbox(off.email)).toEqual([]);
  });
});
