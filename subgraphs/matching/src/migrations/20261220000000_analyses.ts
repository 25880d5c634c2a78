import { Migration } from '@mikro-orm/migrations';

/** Users' requirements (their own job descriptions) and resume analyses. */
export class AnalysesMigration20261220000000 extends Migration {
  override name = '20261220000000_analyses';

  override up(): void {
    this.addSql(`create table "requirements" (
      "id" uuid not null,
      "owner_id" uuid not null,
      "title" text not null,
      "text" text not null,
      "years" int null,
      "seniority" text null,
      "required_skills" text[] not null,
      "preferred_skills" text[] not null,
      "responsibilities" text[] not null,
      "qualifications" text[] not null,
      "created_at" timestamptz not null,
      constraint "requirements_pkey" primary key ("id")
    )`);
    this.addSql(
      'create index "requirements_owner_id_created_at_id_index" on "requirements" ("owner_id", "created_at", "id")',
    );
    this.addSql(`create table "analyses" (
      "id" uuid not null,
      "owner_id" uuid not null,
      "resume_id" uuid not null,
      "job_id" uuid null,
      "requirements_id" uuid null,
      "status" text not null default 'IN_PROGRESS',
      "score" double precision null,
      "verdict" text null,
      "matches" jsonb not null,
      "recommendation" text null,
      "failure_reason" text null,
      "callback_url" text null,
      "callback_secret_sealed" text null,
      "callback_status" text null,
      "callback_attempts" int not null default 0,
      "callback_payload" jsonb null,
      "created_at" timestamptz not null,
      "completed_at" timestamptz null,
      constraint "analyses_pkey" primary key ("id")
    )`);
    this.addSql('create index "analyses_owner_id_index" on "analyses" ("owner_id")');
    this.addSql('create index "analyses_requirements_id_index" on "analyses" ("requirements_id")');
    this.addSql(
      'create index "analyses_resume_id_created_at_id_index" on "analyses" ("resume_id", "created_at", "id")',
    );
  }
}
