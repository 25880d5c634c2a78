import { Migration } from '@mikro-orm/migrations';

/** Presigned uploads, attachments of resumes, and the coded reason of a failed import. */
export class ResumesMigration20261215000000 extends Migration {
  override name = '20261215000000_uploads_attachments';

  override up(): void {
    this.addSql(`create table "uploads" (
      "id" uuid not null,
      "owner_id" uuid not null,
      "object_key" text not null,
      "filename" text not null,
      "declared_type" text not null,
      "declared_size" int not null,
      "status" text not null default 'PENDING',
      "size" int null,
      "content_type" text null,
      "rejection_reason" text null,
      "claimed_by" text null,
      "expires_at" timestamptz not null,
      "created_at" timestamptz not null,
      "confirmed_at" timestamptz null,
      constraint "uploads_pkey" primary key ("id")
    )`);
    this.addSql('create index "uploads_owner_id_index" on "uploads" ("owner_id")');
    this.addSql('create index "uploads_expires_at_index" on "uploads" ("expires_at")');
    this.addSql(`create table "resume_attachments" (
      "id" uuid not null,
      "resume_id" uuid not null,
      "owner_id" uuid not null,
      "upload_id" uuid not null,
      "object_key" text not null,
      "name" text not null,
      "content_type" text not null,
      "size" int not null,
      "position" int not null,
      "created_at" timestamptz not null,
      constraint "resume_attachments_pkey" primary key ("id")
    )`);
    this.addSql('create index "resume_attachments_resume_id_index" on "resume_attachments" ("resume_id")');
    this.addSql('create index "resume_attachments_owner_id_index" on "resume_attachments" ("owner_id")');
    this.addSql('alter table "resumes" add column "status_reason" text null');
  }
}
