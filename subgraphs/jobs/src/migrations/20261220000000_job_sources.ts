import { Migration } from '@mikro-orm/migrations';

/**
 * Who owns an import source: whoever first imported it (null: the operator — the CLI, or the
 * platform's own `hiregraph` source). Existing sources go to their first importer.
 */
export class JobsMigration20261220000000 extends Migration {
  override name = '20261220000000_job_sources';

  override up(): void {
    this.addSql(`create table "job_sources" (
      "source" text not null,
      "owner_id" uuid null,
      "created_at" timestamptz not null default now(),
      primary key ("source"))`);
    this.addSql(`insert into "job_sources" ("source", "owner_id", "created_at")
      select distinct on ("source") "source", "created_by_id", "created_at"
      from "job_imports" order by "source", "created_at", "id"`);
    this.addSql(`insert into "job_sources" ("source", "owner_id") values ('hiregraph', null)
      on conflict ("source") do nothing`);
  }

  override down(): void {
    this.addSql('drop table "job_sources"');
  }
}
