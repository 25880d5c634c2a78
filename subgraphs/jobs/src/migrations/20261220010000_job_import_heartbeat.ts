import { Migration } from '@mikro-orm/migrations';

/**
 * An import's lease: its worker (and the ingestion consumer, per stored batch) renews
 * `heartbeat_at`; the sweeper resumes (feed URLs, counted in `resumes`) or fails imports whose lease
 * ran out (the worker died).
 */
export class JobsMigration20261220010000 extends Migration {
  override name = '20261220010000_job_import_heartbeat';

  override up(): void {
    this.addSql(`alter table "job_imports"
      add column "heartbeat_at" timestamptz null,
      add column "resumes" int not null default 0`);
  }

  override down(): void {
    this.addSql('alter table "job_imports" drop column "heartbeat_at", drop column "resumes"');
  }
}
