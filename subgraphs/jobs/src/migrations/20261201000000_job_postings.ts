import { Migration } from '@mikro-orm/migrations';
import { SEARCH_VECTOR_SQL } from '../jobs/job.entity.js';

/**
 * Full job postings: provenance and dedupe keys for imports, location, remote policy, seniority,
 * salary, requirements, crawl times, open/closed, and a weighted full-text document.
 */
export class JobsMigration20261201000000 extends Migration {
  override name = '20261201000000_job_postings';

  override up(): void {
    // Imported postings have no poster.
    this.addSql('alter table "jobs" alter column "posted_by_id" drop not null');
    // Existing rows were posted through the API: source 'hiregraph', first seen when created.
    this.addSql(`alter table "jobs"
      add column "source" text not null default 'hiregraph',
      add column "external_id" text null,
      add column "source_url" text null,
      add column "url_hash" text null,
      add column "fingerprint" text null,
      add column "location_city" text null,
      add column "location_region" text null,
      add column "location_country_code" text null,
      add column "remote" text null,
      add column "employment_type" text null,
      add column "seniority" text null,
      add column "salary_min" double precision null,
      add column "salary_max" double precision null,
      add column "salary_currency" text null,
      add column "salary_period" text null,
      add column "salary_yearly_usd" double precision null,
      add column "salary_text" text null,
      add column "requirements_years" int null,
      add column "requirements_required_skills" text[] not null default '{}',
      add column "requirements_preferred_skills" text[] not null default '{}',
      add column "requirements_qualifications" text[] not null default '{}',
      add column "requirements_responsibilities" text[] not null default '{}',
      add column "skills" text[] not null default '{}',
      add column "raw_html_key" text null,
      add column "posted_at" timestamptz null,
      add column "first_seen_at" timestamptz null,
      add column "last_crawled_at" timestamptz null,
      add column "is_active" boolean not null default true,
      add column "closed_at" timestamptz null,
      add column "updated_at" timestamptz null`);
    this.addSql(
      'update "jobs" set "first_seen_at" = "created_at", "updated_at" = "created_at", "posted_at" = "created_at"',
    );
    this.addSql(`alter table "jobs"
      alter column "first_seen_at" set not null,
      alter column "updated_at" set not null,
      alter column "source" drop default,
      alter column "requirements_required_skills" drop default,
      alter column "requirements_preferred_skills" drop default,
      alter column "requirements_qualifications" drop default,
      alter column "requirements_responsibilities" drop default,
      alter column "skills" drop default`);
    // array_to_string is only stable; a generated column needs an immutable function.
    this.addSql(`create function jobs_text_of(text[]) returns text language sql immutable parallel safe
      as $$ select array_to_string($1, ' ') $$`);
    this.addSql(
      `alter table "jobs" add column "search_vector" tsvector generated always as (${SEARCH_VECTOR_SQL}) stored`,
    );
    this.addSql('alter table "jobs" add constraint "jobs_url_hash_unique" unique ("url_hash")');
    this.addSql('alter table "jobs" add constraint "jobs_fingerprint_unique" unique ("fingerprint")');
    this.addSql(
      'alter table "jobs" add constraint "jobs_source_external_id_unique" unique ("source", "external_id")',
    );
    this.addSql('create index "jobs_source_index" on "jobs" ("source")');
    this.addSql('create index "jobs_remote_index" on "jobs" ("remote")');
    this.addSql('create index "jobs_seniority_index" on "jobs" ("seniority")');
    this.addSql('create index "jobs_is_active_created_at_index" on "jobs" ("is_active", "created_at")');
    this.addSql('create index "jobs_listed_at_index" on "jobs" (coalesce("posted_at", "first_seen_at"))');
    this.addSql('create index "jobs_search_vector_index" on "jobs" using gin ("search_vector")');
    this.addSql('create index "jobs_salary_yearly_usd_index" on "jobs" ("salary_yearly_usd")');
    this.addSql('create index "jobs_location_country_code_index" on "jobs" ("location_country_code")');
    this.addSql('create index "jobs_skills_index" on "jobs" using gin ("skills")');
  }
}
