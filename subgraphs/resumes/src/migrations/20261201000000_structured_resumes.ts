import { Migration } from '@mikro-orm/migrations';

/** Structured resumes: metadata columns, the JSONB document, every version's content, named snapshots. */
export class ResumesMigration20261201000000 extends Migration {
  override name = '20261201000000_structured_resumes';

  override up(): void {
    const emptyDocument = JSON.stringify({
      basics: { profiles: [] },
      sections: [
        'WORK',
        'VOLUNTEER',
        'EDUCATION',
        'AWARDS',
        'CERTIFICATES',
        'PUBLICATIONS',
        'SKILLS',
        'LANGUAGES',
        'INTERESTS',
        'REFERENCES',
        'PROJECTS',
        'CUSTOM',
      ].map((kind) => ({ kind, visible: true })),
      ...Object.fromEntries(
        [
          'work',
          'volunteer',
          'education',
          'awards',
          'certificates',
          'publications',
          'skills',
          'languages',
          'interests',
          'references',
          'projects',
          'custom',
        ].map((key) => [key, []]),
      ),
    });
    this.addSql(`alter table "resumes"
      add column "is_default" boolean not null default false,
      add column "status" text not null default 'PARSED',
      add column "status_detail" text null,
      add column "version" int not null default 1,
      add column "source" text not null default 'MANUAL',
      add column "original_file_key" text null,
      add column "markdown" text not null default '',
      add column "document" jsonb not null default '${emptyDocument}'::jsonb,
      add column "updated_at" timestamptz null`);
    // Existing resumes: the oldest of each owner becomes the default; markdown is regenerated on the next change.
    this.addSql(`update "resumes" set "updated_at" = "created_at", "is_default" = "id" in
      (select distinct on ("owner_id") "id" from "resumes" order by "owner_id", "created_at", "id")`);
    this.addSql(`alter table "resumes"
      alter column "document" drop default, alter column "updated_at" set not null`);
    this.addSql(`create table "resume_versions" (
      "resume_id" uuid not null,
      "version" int not null,
      "title" text not null,
      "document" jsonb not null,
      "created_at" timestamptz not null,
      constraint "resume_versions_pkey" primary key ("resume_id", "version")
    )`);
    this.addSql(`insert into "resume_versions" ("resume_id", "version", "title", "document", "created_at")
      select "id", 1, "title", "document", "created_at" from "resumes"`);
    this.addSql(`create table "resume_snapshots" (
      "id" uuid not null,
      "resume_id" uuid not null,
      "owner_id" uuid not null,
      "name" text not null,
      "version" int not null,
      "created_at" timestamptz not null,
      constraint "resume_snapshots_pkey" primary key ("id")
    )`);
    this.addSql('create index "resume_snapshots_resume_id_index" on "resume_snapshots" ("resume_id")');
  }
}
