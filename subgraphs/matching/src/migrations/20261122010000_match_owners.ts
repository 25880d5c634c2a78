import { Migration } from '@mikro-orm/migrations';

/** Matches belong to the resume's owner; resume ownership is projected from resume events. */
export class MatchesMigration20261122010000 extends Migration {
  override name = '20261122010000_match_owners';

  override up(): void {
    this.addSql(`create table "known_resumes" (
      "resume_id" uuid not null,
      "owner_id" uuid not null,
      constraint "known_resumes_pkey" primary key ("resume_id")
    )`);
    this.addSql('create index "known_resumes_owner_id_index" on "known_resumes" ("owner_id")');
    // Matches from before ownership cannot be attributed (none exist outside development).
    this.addSql('delete from "matches"');
    this.addSql('alter table "matches" add column "owner_id" uuid not null');
    this.addSql('create index "matches_owner_id_index" on "matches" ("owner_id")');
  }
}
