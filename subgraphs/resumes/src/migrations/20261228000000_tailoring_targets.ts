import { Migration } from '@mikro-orm/migrations';

/** Postings and users' requirements resumes can be tailored for (projected from events). */
export class ResumesMigration20261228000000 extends Migration {
  override name = '20261228000000_tailoring_targets';

  override up(): void {
    this.addSql(`create table "tailoring_targets" (
      "id" uuid not null,
      "kind" text not null,
      "owner_id" uuid null,
      "title" text not null,
      "company" text null,
      "required_skills" text[] not null,
      "preferred_skills" text[] not null,
      "description" text not null,
      "closed_at" timestamptz null,
      "changed_at" timestamptz not null,
      constraint "tailoring_targets_pkey" primary key ("id")
    )`);
    this.addSql('create index "tailoring_targets_owner_id_index" on "tailoring_targets" ("owner_id")');
  }
}
