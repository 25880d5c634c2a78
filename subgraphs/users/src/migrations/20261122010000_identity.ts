import { Migration } from '@mikro-orm/migrations';

/** Identity: password/Google credentials, roles, sessions with rotating refresh tokens, signing keys, preferences. */
export class UsersMigration20261122010000 extends Migration {
  override name = '20261122010000_identity';

  override up(): void {
    this.addSql(`alter table "users"
      add column "google_sub" text null,
      add column "avatar_url" text null,
      add column "role" text not null default 'USER',
      add column "password_hash" text null,
      add column "last_login_at" timestamptz null`);
    this.addSql('alter table "users" alter column "role" drop default');
    this.addSql('alter table "users" add constraint "users_google_sub_unique" unique ("google_sub")');
    this.addSql(`create table "sessions" (
      "id" uuid not null,
      "user_id" uuid not null,
      "created_at" timestamptz not null,
      "last_used_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "revoked_at" timestamptz null,
      "user_agent" text not null,
      "ip" text not null,
      constraint "sessions_pkey" primary key ("id")
    )`);
    this.addSql('create index "sessions_user_id_created_at_index" on "sessions" ("user_id", "created_at")');
    this.addSql(`create table "refresh_tokens" (
      "id" uuid not null,
      "session_id" uuid not null,
      "token_hash" text not null,
      "created_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "used_at" timestamptz null,
      constraint "refresh_tokens_pkey" primary key ("id")
    )`);
    this.addSql('create index "refresh_tokens_session_id_index" on "refresh_tokens" ("session_id")');
    this.addSql(
      'alter table "refresh_tokens" add constraint "refresh_tokens_token_hash_unique" unique ("token_hash")',
    );
    this.addSql(`create table "signing_keys" (
      "kid" text not null,
      "encrypted_private_key" text not null,
      "public_jwk" jsonb not null,
      "created_at" timestamptz not null,
      "retires_at" timestamptz null,
      constraint "signing_keys_pkey" primary key ("kid")
    )`);
    this.addSql(`create table "user_preferences" (
      "user_id" uuid not null,
      "document" jsonb not null,
      "updated_at" timestamptz not null,
      constraint "user_preferences_pkey" primary key ("user_id")
    )`);
  }
}
