import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { EmailProvider } from './email-provider.js';
import type { EventData } from '@hiregraph/platform/events/catalog';
import type { Logger } from '@hiregraph/platform/logger';
import { newId } from '@hiregraph/platform/ids';
import { DEFAULT_PREFERENCES, withDefaults } from '../preferences/preferences.service.js';
import { UserPreferences } from '../preferences/preferences.entity.js';
import { DigestFrequency } from '../preferences/preferences.types.js';
import { User } from '../users/user.entity.js';
import { MatchNotification, OutgoingEmail } from './email.entity.js';

export interface EmailToSend {
  idempotencyKey: string;
  userId: string | null;
  kind: string;
  recipient: string;
  subject: string;
  textBody: string;
}

/** Records a mail in the caller's transaction; a second record with the same key is ignored. */
export async function enqueueEmail(tx: EntityManager, email: EmailToSend): Promise<void> {
  await tx.execute(
    `insert into email_outbox (id, idempotency_key, user_id, kind, recipient, subject, text_body, status, attempts, next_attempt_at, created_at)
     values (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, now(), now()) on conflict (idempotency_key) do nothing`,
    [newId(), email.idempotencyKey, email.userId, email.kind, email.recipient, email.subject, email.textBody],
    'run',
  );
}

/** The welcome mail of a registration (once per account: keyed by the user id). */
export function enqueueWelcomeEmail(tx: EntityManager, user: EventData<'user.registered'>) {
  return enqueueEmail(tx, {
    idempotencyKey: `welcome:${user.userId}`,
    userId: user.userId,
    kind: 'welcome',
    recipient: user.email,
    subject: 'Welcome to Hiregraph',
    textBody: `Hello ${user.fullName},\n\nyour Hiregraph account is ready. Upload a resume and we will tell you about the jobs that fit it.\n\n— Hiregraph`,
  });
}

/** Keeps a match.found for the owner's next digest (once per event). */
export async function recordMatchNotification(
  tx: EntityManager,
  eventId: string,
  occurredAt: string,
  match: EventData<'match.found'>,
): Promise<void> {
  await tx.execute(
    `insert into match_notifications (id, event_id, owner_id, match_id, resume_id, job_id, score, previous_score, received_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing`,
    [
      newId(),
      eventId,
      match.ownerId,
      match.matchId,
      match.resumeId,
      match.jobId,
      match.score,
      match.previousScore,
      new Date(occurredAt),
    ],
    'run',
  );
}

export interface EmailSenderOptions {
  maxAttempts: number;
  retryBaseDelayMs: number;
  pollIntervalMs: number;
}

const RETRY_MAX_DELAY_MS = 3_600_000;

/**
 * Sends what email_outbox holds, after the transactions that recorded it committed: polls (and is
 * woken), claims due rows with `for update skip locked` so replicas never send one row twice, sends
 * and marks SENT; a failure is retried with exponential backoff and FAILED after maxAttempts.
 */
export class EmailSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Set by stop: a wake scheduled before it (after a commit) must not touch a closed database. */
  private stopped = false;
  private again = false;

  constructor(
    private readonly em: EntityManager,
    private readonly provider: EmailProvider,
    private readonly options: EmailSenderOptions,
    private readonly logger: Logger,
  ) {}

  start(): () => Promise<void> {
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.timer.unref();
    return async () => {
      this.stopped = true;
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      await this.running;
      await this.provider.close();
    };
  }

  /** Sends what is due now (coalescing concurrent calls). */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while (!this.stopped && (await this.sendBatch()) > 0);
        } catch (error) {
          this.logger.error({ err: error }, 'email sending failed');
        }
      } while (this.again);
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** One batch of due mails; returns how many were attempted. */
  async sendBatch(limit = 20): Promise<number> {
    return this.em.fork().transactional(async (tx) => {
      const due = await tx.find(
        OutgoingEmail,
        { status: 'PENDING', nextAttemptAt: { $lte: new Date() } },
        {
          orderBy: { nextAttemptAt: 'asc' },
          limit,
          lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE /* skip locked */,
        },
      );
      for (const email of due) {
        try {
          await this.provider.send({
            to: email.recipient,
            subject: email.subject,
            text: email.textBody,
            html: email.htmlBody ?? undefined,
            idempotencyKey: email.idempotencyKey,
          });
          email.status = 'SENT';
          email.sentAt = new Date();
          email.lastError = null;
        } catch (error) {
          email.attempts += 1;
          email.lastError = (error as Error).message;
          if (email.attempts >= this.options.maxAttempts) email.status = 'FAILED';
          const delay = Math.min(
            RETRY_MAX_DELAY_MS,
            this.options.retryBaseDelayMs * 2 ** (email.attempts - 1),
          );
          email.nextAttemptAt = new Date(Date.now() + delay);
          this.logger.warn({ err: error, emailId: email.id, attempts: email.attempts }, 'email not sent');
        }
      }
      return due.length;
    });
  }
}

const PERIOD_MS: Record<DigestFrequency, number> = {
  [DigestFrequency.NEVER]: Infinity,
  [DigestFrequency.HOURLY]: 3_600_000,
  [DigestFrequency.DAILY]: 86_400_000,
};

/**
 * Match digests: for every user with undigested match notifications whose period (matchDigest
 * preference) has passed since their last digest, one mail listing them, recorded in email_outbox
 * in the transaction that marks them digested. Users who opted out have theirs dropped.
 * Returns how many digests were recorded.
 */
export async function runMatchDigests(em: EntityManager, now: Date = new Date()): Promise<number> {
  const owners = await em
    .fork()
    .execute<{ owner_id: string }[]>(
      'select distinct owner_id from match_notifications where digested_at is null and received_at <= ?',
      [now],
    );
  let sent = 0;
  for (const { owner_id: ownerId } of owners) {
    const recorded = await em.fork().transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`match-digest:${ownerId}`]);
      const row = await tx.findOne(UserPreferences, { userId: ownerId });
      const notifications = (row ? withDefaults(row.document) : DEFAULT_PREFERENCES).notifications;
      const frequency = notifications.emailOnMatch ? notifications.matchDigest : DigestFrequency.NEVER;
      const pending = await tx.find(
        MatchNotification,
        { ownerId, digestedAt: null, receivedAt: { $lte: now } },
        { orderBy: { score: 'desc' } },
      );
      const user = await tx.findOne(User, { id: ownerId });
      if (pending.length === 0) return false;
      if (frequency === DigestFrequency.NEVER || !user) {
        for (const n of pending) n.digestedAt = now;
        return false;
      }
      const [last] = await tx.execute<{ last: Date | null }[]>(
        'select max(digested_at) as last from match_notifications where owner_id = ?',
        [ownerId],
      );
      if (last.last && now.getTime() - new Date(last.last).getTime() < PERIOD_MS[frequency]) return false;
      // The latest notification per match: a score that changed twice is listed once.
      const byMatch = new Map<string, MatchNotification>();
      for (const n of [...pending].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()))
        byMatch.set(n.matchId, n);
      const lines = [...byMatch.values()]
        .sort((a, b) => b.score - a.score)
        .map((n) => `- job ${n.jobId} for resume ${n.resumeId}: score ${Math.round(n.score)}/100`);
      await enqueueEmail(tx, {
        idempotencyKey: `match-digest:${ownerId}:${now.toISOString()}`,
        userId: ownerId,
        kind: 'match_digest',
        recipient: user.email,
        subject: `${byMatch.size} new job match${byMatch.size === 1 ? '' : 'es'} on Hiregraph`,
        textBody: `Hello ${user.fullName},\n\nnew matches since your last digest:\n\n${lines.join('\n')}\n\n— Hiregraph`,
      });
      for (const n of pending) n.digestedAt = now;
      return true;
    });
    if (recorded) sent += 1;
  }
  return sent;
}
