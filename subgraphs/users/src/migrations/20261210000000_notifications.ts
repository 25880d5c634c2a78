import { Migration } from '@mikro-orm/migrations';

/** Notifications: webhook endpoints and their delivery log, the email outbox, the dev mailbox, match notifications for digests. */
export class UsersMigration20261210000000 extends Migration {
  override name = '20261210000000_notifications';

  override up(): void {
    this.addSql(`create table "webhook_endpoints" (
      "id" uuid not null,
      "owner_id" uuid not null,
      "url" text not null,
      "description" text null,
      "event_types" text[] not null,
      "sealed_secret" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "webhook_endpoints_pkey" primary key ("id")
    )`);
    this.addSql(
      'create index "webhook_endpoints_owner_id_created_at_index" on "webhook_endpoints" ("owner_id", "created_at")',
    );
    this.addSql(`create table "webhook_deliveries" (
      "id" uuid not null,
      "webhook_id" uuid not null,
      "owner_id" uuid not null,
      "event_id" uuid not null,
      "event_type" text not null,
      "payload" jsonb not null,
      "dedupe_key" text not null,
      "redelivery_of" uuid null,
      "status" text not null default 'PENDING',
      "attempts" int not null default 0,
      "response_status" int null,
      "duration_ms" int null,
      "error" text null,
      "next_attempt_at" timestamptz null,
      "attempt_log" jsonb not null,
      "created_at" timestamptz not null,
      "delivered_at" timestamptz null,
      constraint "webhook_deliveries_pkey" primary key ("id")
    )`);
    this.addSql(
      'create index "webhook_deliveries_webhook_id_created_at_index" on "webhook_deliveries" ("webhook_id", "created_at")',
    );
    this.addSql(
      'alter table "webhook_deliveries" add constraint "webhook_deliveries_webhook_id_dedupe_key_unique" unique ("webhook_id", "dedupe_key")',
    );
    this.addSql(`create table "email_outbox" (
      "id" uuid not null,
      "idempotency_key" text not null,
      "user_id" uuid null,
      "kind" text not null,
      "recipient" text not null,
      "subject" text not null,
      "text_body" text not null,
      "html_body" text null,
      "status" text not null default 'PENDING',
      "attempts" int not null default 0,
      "last_error" text null,
      "next_attempt_at" timestamptz not null,
      "created_at" timestamptz not null,
      "sent_at" timestamptz null,
      constraint "email_outbox_pkey" primary key ("id")
    )`);
    this.addSql(
      'alter table "email_outbox" add constraint "email_outbox_idempotency_key_unique" unique ("idempotency_key")',
    );
    this.addSql(
      'create index "email_outbox_status_next_attempt_at_index" on "email_outbox" ("status", "next_attempt_at")',
    );
    this.addSql(`create table "match_notifications" (
      "id" uuid not null,
      "event_id" uuid not null,
      "owner_id" uuid not null,
      "match_id" uuid not null,
      "resume_id" uuid not null,
      "job_id" uuid not null,
      "score" double precision not null,
      "previous_score" double precision null,
      "received_at" timestamptz not null,
      "digested_at" timestamptz null,
      constraint "match_notifications_pkey" primary key ("id")
    )`);
    this.addSql(
      'alter table "match_notifications" add constraint "match_notifications_event_id_unique" unique ("event_id")',
    );
    this.addSql(
      'create index "match_notifications_owner_id_digested_at_index" on "match_notifications" ("owner_id", "digested_at")',
    );
    this.addSql(`create table "mailbox" (
      "id" uuid not null,
      "idempotency_key" text not null,
      "sender" text not null,
      "recipient" text not null,
      "subject" text not null,
      "text_body" text not null,
      "html_body" text null,
      "created_at" timestamptz not null,
      constraint "mailbox_pkey" primary key ("id")
    )`);
    this.addSql(
      'alter table "mailbox" add constraint "mailbox_idempotency_key_unique" unique ("idempotency_key")',
    );
    this.addSql('create index "mailbox_recipient_created_at_index" on "mailbox" ("recipient", "created_at")');
  }
}
