import { Migration } from '@mikro-orm/migrations';

export class UsersMigration20261122000000 extends Migration {
  override name = '20261122000000_users';

  override up(): void {
    this.addSql(`create table "users" (
      "id" uuid not null,
      "email" text not null,
      "full_name" text not null,
      "created_at" timestamptz not null,
      constraint "users_pkey" primary key ("id")
    )`);
    this.addSql('alter table "users" add constraint "users_email_unique" unique ("email")');
  }
}
