import { Migration } from '@mikro-orm/migrations';

export class JobsMigration20261122000000 extends Migration {
  override name = '20261122000000_jobs';

  override up(): void {
    this.addSql(`create table "jobs" (
      "id" uuid not null,
      "title" text not null,
      "company" text not null,
      "description" text not null default '',
      "created_at" timestamptz not null,
      constraint "jobs_pkey" primary key ("id")
    )`);
  }
}
