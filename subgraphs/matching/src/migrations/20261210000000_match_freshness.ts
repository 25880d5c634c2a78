import { Migration } from '@mikro-orm/migrations';
import { VECTOR_INDEX_DIMENSIONS } from './20261201000000_vectors.js';

/**
 * Computed matches with their explanation, the versions they were computed from and the score last
 * announced; a per-resume query vector (HNSW) so a new job finds the resumes it could match; chunk
 * content hashes (unchanged chunks are not embedded again); the debounced recompute queue.
 */
export class MatchingFreshnessMigration20261210000000 extends Migration {
  override name = '20261210000000_match_freshness';

  override up(): void {
    // Matches are derived data: recomputed from the projections, nothing is lost by dropping them.
    this.addSql('drop table "matches"');
    this.addSql(`create table "matches" (
      "id" uuid not null,
      "resume_id" uuid not null,
      "job_id" uuid not null,
      "owner_id" uuid not null,
      "score" double precision not null,
      "verdict" text not null,
      "explanation" jsonb not null,
      "resume_version" int not null,
      "job_hash" text not null,
      "announced_score" double precision,
      "computed_at" timestamptz not null,
      "created_at" timestamptz not null,
      constraint "matches_pkey" primary key ("id")
    )`);
    // Read backwards for "best first".
    this.addSql(
      'alter table "matches" add constraint "matches_resume_id_job_id_unique" unique ("resume_id", "job_id")',
    );
    this.addSql('create index "matches_resume_id_score_index" on "matches" ("resume_id", "score", "job_id")');
    this.addSql('create index "matches_job_id_score_index" on "matches" ("job_id", "score", "resume_id")');
    this.addSql('create index "matches_owner_id_index" on "matches" ("owner_id")');

    this.addSql('alter table "resume_profiles" add column "version" int not null default 0');
    this.addSql('alter table "resume_profiles" add column "matched_version" int');
    this.addSql('alter table "resume_profiles" add column "matched_at" timestamptz');
    this.addSql('alter table "resume_chunks" add column "content_hash" text not null default \'\'');
    this.addSql(`create table "resume_vectors" (
      "resume_id" uuid not null,
      "owner_id" uuid not null,
      "model" text not null,
      "dims" int not null,
      "embedding" vector not null,
      "updated_at" timestamptz not null,
      constraint "resume_vectors_pkey" primary key ("resume_id", "model"),
      constraint "resume_vectors_dims_check" check (vector_dims("embedding") = "dims")
    )`);
    for (const dims of VECTOR_INDEX_DIMENSIONS) {
      this.addSql(
        `create index "resume_vectors_hnsw_${dims}" on "resume_vectors" ` +
          `using hnsw (("embedding"::vector(${dims})) vector_cosine_ops) where "dims" = ${dims}`,
      );
    }

    this.addSql('alter table "job_profiles" add column "posted_by_id" uuid');
    this.addSql('alter table "job_profiles" add column "content_hash" text not null default \'\'');
    this.addSql('create index "job_profiles_posted_by_id_index" on "job_profiles" ("posted_by_id")');
    this.addSql('alter table "owner_preferences" add column "seniority" text');

    this.addSql(`create table "match_queue" (
      "kind" text not null,
      "subject_id" uuid not null,
      "due_at" timestamptz not null,
      constraint "match_queue_pkey" primary key ("kind", "subject_id")
    )`);
    this.addSql('create index "match_queue_due_at_index" on "match_queue" ("due_at")');
  }
}
