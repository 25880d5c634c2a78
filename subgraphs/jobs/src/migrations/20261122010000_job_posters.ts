import { Migration } from '@mikro-orm/migrations';

/** Job postings belong to the recruiter who posted them. */
export class JobsMigration20261122010000 extends Migration {
  override name = '20261122010000_job_posters';

  override up(): void {
    // Postings from before ownership cannot be attributed to anyone (none exist outside development).
    this.addSql('delete from "jobs"');
    this.addSql('alter table "jobs" add column "posted_by_id" uuid not null');
    this.addSql('create index "jobs_posted_by_id_index" on "jobs" ("posted_by_id")');
  }
}
