import { Migration } from '@mikro-orm/migrations';

/** Handles: an optional, case-insensitively unique username per account. */
export class UsersMigration20261220000000 extends Migration {
  override name = '20261220000000_usernames';

  override up(): void {
    this.addSql('alter table "users" add column "username" text null');
    this.addSql('create unique index "users_username_lower_unique" on "users" (lower("username"))');
  }
}
