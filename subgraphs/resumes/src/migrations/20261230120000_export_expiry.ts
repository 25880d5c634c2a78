import { Migration } from '@mikro-orm/migrations';

/**
 * Generated files expire: one row per PDF export and data archive with its expiry, swept by the
 * resumes subgraph. Archives made before this get a week from now.
 */
export class ResumesMigration20261230120000 extends Migration {
  override name = '20261230120000_export_expiry';

  override up(): void {
    this.addSql(`create table "export_objects" (
      "key" text not null,
      "owner_id" uuid not null,
      "expires_at" timestamptz not null,
      constraint "export_objects_pkey" primary key ("key")
    )`);
    this.addSql('create index "export_objects_expires_at_index" on "export_objects" ("expires_at")');
    this.addSql('create index "export_objects_owner_id_index" on "export_objects" ("owner_id")');
    this.addSql(`insert into "export_objects" ("key", "owner_id", "expires_at")
      select "key", "owner_id", now() + interval '7 days' from "user_backups" on conflict do nothing`);
  }
}
