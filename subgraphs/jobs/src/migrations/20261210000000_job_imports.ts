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
      "status" text not null,
      "received" int not null,
      "inserted" int not null,
      "updated" int not null,
      "duplicate" int not null,
      "rejected" int not null,
      "closed" int not null,
      "dispatched" int not null,
      "processed" int not null,
      "parse_done" boolean not null,
      "rejections" jsonb not null,
      "error" text null,
      "created_at" timestamptz not null,
      "started_at" timestamptz null,
      "finished_at" timestamptz null,
      primary key ("id"))`);
    this.addSql('create index "job_imports_created_by_id_index" on "job_imports" ("created_by_id")');
  }
}
