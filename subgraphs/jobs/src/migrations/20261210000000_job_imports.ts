import { Migration } from '@mikro-orm/migrations';

/**
 * Imports: yearly USD salary bounds, one dedupe key per imported posting (the bulk upsert's conflict
 * target), its content hash and last import, the skills taxonomy version, and the job_imports table.
 */
export class JobsMigration20261210000000 extends Migration {
  override name = '20261210000000_job_imports';

  override up(): void {
    this.addSql(`alter table "jobs"
      add column "salary_yearly_usd_min" double precision null,
      add column "salary_yearly_usd_max" double precision null,
      add column "dedupe_key" text null,
      add column "content_hash" text null,
      add column "last_import_id" uuid null,
      add column "skills_taxonomy_version" int null`);
    this.addSql('alter table "jobs" add constraint "jobs_dedupe_key_unique" unique ("dedupe_key")');
    this.addSql(`create table "job_imports" (
      "id" uuid not null,
      "created_by_id" uuid null,
      "format" text not null,
      "source" text not null,
      "url" text null,
      "full_feed" boolean not null,
      "status" text not null default 'QUEUED',
      "received" int not null default 0,
      "inserted" int not null default 0,
      "updated" int not null default 0,
      "duplicate" int not null default 0,
      "rejected" int not null default 0,
      "closed" int not null default 0,
      "dispatched" int not null default 0,
      "processed" int not null default 0,
      "parse_done" boolean not null default false,
      "rejections" jsonb not null,
      "error" text null,
      "created_at" timestamptz not null,
      "started_at" timestamptz null,
      "finished_at" timestamptz null,
      primary key ("id"))`);
    this.addSql('create index "job_imports_created_by_id_index" on "job_imports" ("created_by_id")');
  }
}
