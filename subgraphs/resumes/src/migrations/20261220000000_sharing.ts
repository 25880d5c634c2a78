import { Migration } from '@mikro-orm/migrations';

/** Handles in the owner projection, public profiles, share links, data exports. */
export class ResumesMigration20261220000000 extends Migration {
  override name = '20261220000000_sharing';

  override up(): void {
    this.addSql(
      'alter table "resume_owners" add column "username" text null, add column "profile_changed_at" timestamptz null',
    );
    this.addSql('create index "resume_owners_username_lower_index" on "resume_owners" (lower("username"))');
    this.addSql(`create table "public_profiles" (
      "owner_id" uuid not null,
      "enabled" boolean not null,
      "show_contact_details" boolean not null,
      "updated_at" timestamptz not null,
      constraint "public_profiles_pkey" primary key ("owner_id")
    )`);
    this.addSql(`create table "share_links" (
      "id" uuid not null,
      "resume_id" uuid not null,
      "owner_id" uuid not null,
      "token_hash" text not null,
      "expires_at" timestamptz null,
      "revoked_at" timestamptz null,
      "view_count" int not null default 0,
      "last_viewed_at" timestamptz null,
      "created_at" timestamptz not null,
      constraint "share_links_pkey" primary key ("id")
    )`);
    this.addSql(
      'alter table "share_links" add constraint "share_links_token_hash_unique" unique ("token_hash")',
    );
    this.addSql('create index "share_links_owner_id_index" on "share_links" ("owner_id")');
    this.addSql(
      'create index "share_links_resume_id_created_at_index" on "share_links" ("resume_id", "created_at")',
    );
    this.addSql(`create table "user_backups" (
      "id" uuid not null,
      "owner_id" uuid not null,
      "key" text not null,
      "size" bigint not null,
      "created_at" timestamptz not null,
      constraint "user_backups_pkey" primary key ("id")
    )`);
    this.addSql(
      'create index "user_backups_owner_id_created_at_index" on "user_backups" ("owner_id", "created_at")',
    );
  }
}
