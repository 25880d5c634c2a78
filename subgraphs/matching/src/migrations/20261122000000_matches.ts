import { Migration } from '@mikro-orm/migrations';

export class MatchesMigration20261122000000 extends Migration {
  override name = '20261122000000_matches';

  override up(): void {
    // pgvector: embeddings for hybrid ranking live in this database.
    this.addSql('create extension if not exists vector');
    this.addSql(`create table "matches" (
      "id" uuid not null,
      "resume_id" uuid not null,
      "job_id" uuid not null,
      "score" double precision not null,
      "created_at" timestamptz not null,
      constraint "matches_pkey" primary key ("id")
    )`);
    this.addSql('create index "matches_job_id_index" on "matches" ("job_id")');
    this.addSql(
      'alter table "matches" add constraint "matches_resume_id_job_id_unique" unique ("resume_id", "job_id")',
    );
  }
}
