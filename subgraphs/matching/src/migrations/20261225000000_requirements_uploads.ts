import { Migration } from '@mikro-orm/migrations';

/** Requirements from an uploaded file: EXTRACTING until resumes sends the text, then READY or FAILED. */
export class RequirementsUploadsMigration20261225000000 extends Migration {
  override name = '20261225000000_requirements_uploads';

  override up(): void {
    // Existing rows were all created from text: READY.
    this.addSql(`alter table "requirements"
      add column "status" text not null default 'READY',
      add column "upload_id" uuid null,
      add column "failure_code" text null,
      add column "failure_reason" text null`);
  }
}
