import { Migration } from '@mikro-orm/migrations';

/** Rows created without a role (e.g. by hand) are plain users, as the entity says: never an admin. */
export class UsersMigration20261201000000 extends Migration {
  override name = '20261201000000_role_default';

  override up(): void {
    this.addSql(`alter table "users" alter column "role" set default 'USER'`);
  }
}
