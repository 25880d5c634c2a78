import { Migration } from '@mikro-orm/migrations';

/** When an import last emitted job_import.progress (its events are spaced out by it). */
export class JobsMigration20261215000000 extends Migration {
  override name = '20261215000000_job_import_progress';

  override up(): void {
    this.addSql('alter table "job_imports" add column "progress_reported_at" timestamptz null');
  }

  override down(): void {
    this.addSql('alter table "job_imports" drop column "progress_reported_at"');
  }
}
