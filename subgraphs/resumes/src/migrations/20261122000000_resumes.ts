import { Migration } from '@mikro-orm/migrations';

export class ResumesMigration20261122000000 extends Migration {
  override name = '20261122000000_resumes';

  override up(): void {
    this.addSql(`create table "resume_owners" (
      "user_id" uuid not null,
      "email" text not null,
      "full_name" text not null,
      "registered_at" timestamptz not null,
      constraint "resume_owners_pkey" primary key ("user_id")
    )`);
    this.addSql(`create table "resumes" (
      "id" uuid not null,
      "owner_id" uuid not null,
      "title" text not null,
      "created_at" timestamptz not null,
      constraint "resumes_pkey" primary key ("id")
    )`);
    this.addSql('create index "resumes_owner_id_index" on "resumes" ("owner_id")');
  }
}
