import { Migration } from '@mikro-orm/migrations';

/** The digest confirmUpload checked, so a file overwritten after confirmation is never imported. */
export class ResumesMigration20261231120000 extends Migration {
  override name = '20261231120000_upload_digest';

  override up(): void {
    this.addSql('alter table "uploads" add column "sha256" text null');
    this.addSql('create index "uploads_object_key_index" on "uploads" ("object_key")');
  }
}
