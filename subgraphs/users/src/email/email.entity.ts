import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@hiregraph/platform/ids';

/**
 * A mail to send, written in the transaction that decided to send it and sent after commit by
 * EmailSender (retried with backoff), so a rolled-back decision sends nothing and a crash loses nothing.
 */
@Entity({ tableName: 'email_outbox' })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class OutgoingEmail {
  [OptionalProps]?:
    'id' | 'createdAt' | 'status' | 'attempts' | 'lastError' | 'nextAttemptAt' | 'sentAt' | 'htmlBody';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Unique()
  @Property({ type: 'text' })
  idempotencyKey!: string;

  @Property({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  recipient!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'text' })
  textBody!: string;

  @Property({ type: 'text', nullable: true })
  htmlBody: string | null = null;

  /** PENDING, SENT or FAILED (after EMAIL_MAX_ATTEMPTS). */
  @Property({ type: 'text' })
  status: string = 'PENDING';

  @Property({ type: 'int' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'timestamptz' })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;
}

/** A match.found the user received, kept until it goes out in a digest. */
@Entity({ tableName: 'match_notifications' })
@Index({ properties: ['ownerId', 'digestedAt'] })
export class MatchNotification {
  [OptionalProps]?: 'id' | 'digestedAt' | 'previousScore';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Unique()
  @Property({ type: 'uuid' })
  eventId!: string;

  @Property({ type: 'uuid' })
  ownerId!: string;

  @Property({ type: 'uuid' })
  matchId!: string;

  @Property({ type: 'uuid' })
  resumeId!: string;

  @Property({ type: 'uuid' })
  jobId!: string;

  @Property({ type: 'double' })
  score!: number;

  @Property({ type: 'double', nullable: true })
  previousScore: number | null = null;

  @Property({ type: 'timestamptz' })
  receivedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  digestedAt: Date | null = null;
}
