/**
 * A found posting (RawJobPosting as carried by job.found) → the row the bulk upsert writes:
 * requirements extraction, salary, skills (taxonomy ids), location, remote policy, employment type.
 */
import { newId } from '@hiregraph/platform/ids';
import type { EventData } from '@hiregraph/platform/events/catalog';
import type { MonetaryAmountLike } from '../ingestion/salary.js';
import type { RawJobPosting } from '../ingestion/posting.js';
import { extractRequirements, extractYears } from '@hiregraph/requirements/requirements';
import { defaultSeams, SKILLS_TAXONOMY_VERSION, type ExtractionSeams } from '../requirements/seams.js';
import { EmploymentType, RemotePolicy } from '../jobs/job.enums.js';

export type FoundPosting = EventData<'job.found'>['postings'][number];

/** Column values of one imported posting, named as the jobs table names them. */
export interface JobRow {
  id: string;
  source: string;
  external_id: string | null;
  source_url: string | null;
  url_hash: string | null;
  fingerprint: string | null;
  dedupe_key: string;
  content_hash: string;
  last_import_id: string;
  title: string;
  company: string;
  location_city: string | null;
  location_region: string | null;
  location_country_code: string | null;
  remote: RemotePolicy | null;
  employment_type: EmploymentType | null;
  seniority: string | null;
  salary_min: number | null;
  salary_max: number | null;
  salary_currency: string | null;
  salary_period: string | null;
  salary_yearly_usd_min: number | null;
  salary_yearly_usd_max: number | null;
  salary_yearly_usd: number | null;
  salary_text: string | null;
  description: string;
  requirements_years: number | null;
  requirements_required_skills: string[];
  requirements_preferred_skills: string[];
  requirements_qualifications: string[];
  requirements_responsibilities: string[];
  skills: string[];
  skills_taxonomy_version: number;
  raw_html_key: string | null;
  posted_at: string | null;
  first_seen_at: string;
  last_crawled_at: string;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

const MAX_DESCRIPTION = 50_000;
const EMPLOYMENT: Record<string, EmploymentType | null> = {
  FULL_TIME: EmploymentType.FULL_TIME,
  PART_TIME: EmploymentType.PART_TIME,
  CONTRACT: EmploymentType.CONTRACT,
  TEMPORARY: EmploymentType.TEMPORARY,
  PER_DIEM: EmploymentType.TEMPORARY,
  INTERNSHIP: EmploymentType.INTERNSHIP,
};

const clip = (value: string | null | undefined, max: number) => (value ? value.slice(0, max) : null);

export function normalizeFound(
  found: FoundPosting,
  context: { importId: string; source: string; now: string },
  seams: ExtractionSeams = defaultSeams,
): JobRow {
  const posting = found.posting as unknown as RawJobPosting & { postedAt: string | null };
  const description = (posting.description ?? '').slice(0, MAX_DESCRIPTION);
  const salaryInput = posting.salary as string | MonetaryAmountLike | null;
  const salary = salaryInput ? seams.parseSalary(salaryInput) : null;
  const skillNames = (posting.skills ?? []).flatMap((skill) => [skill.name, ...(skill.keywords ?? [])]);
  const extracted = extractRequirements(
    {
      title: posting.title,
      description,
      requiredSkills: skillNames.filter((name) => name && name.length <= 100),
      qualifications: (posting.qualifications ?? []).slice(0, 100),
      responsibilities: (posting.responsibilities ?? []).slice(0, 100),
      years: posting.experience ? extractYears(posting.experience) : null,
      remote: (posting.remote as RemotePolicy | null) ?? null,
      locationText: posting.location?.city ?? null,
      // The structured salary was read above; free text in the description only when there is none.
      salaryText: null,
    },
    seams,
  );
  const pay = salary ?? extracted.salary;
  const postedAt = posting.postedAt ? new Date(posting.postedAt) : null;
  return {
    id: newId(),
    source: context.source,
    external_id: clip(posting.externalId, 500),
    source_url: clip(posting.sourceUrl, 2000),
    url_hash: found.urlHash,
    fingerprint: found.dedupeKind === 'content' ? found.dedupeKey : null,
    dedupe_key: found.dedupeKey,
    content_hash: found.contentHash,
    last_import_id: context.importId,
    title: posting.title.slice(0, 200),
    company: (posting.company ?? '').slice(0, 200),
    location_city: clip(posting.location?.city, 200),
    location_region: clip(posting.location?.region, 200),
    location_country_code: posting.location?.countryCode ?? null,
    remote: extracted.remote,
    employment_type: posting.employmentType ? (EMPLOYMENT[posting.employmentType] ?? null) : null,
    seniority: extracted.seniority,
    salary_min: pay?.min ?? null,
    salary_max: pay?.max ?? null,
    salary_currency: pay?.currency ?? null,
    salary_period: pay?.period ?? null,
    salary_yearly_usd_min: pay?.yearlyUsdMin ?? null,
    salary_yearly_usd_max: pay?.yearlyUsdMax ?? null,
    salary_yearly_usd: pay?.yearlyUsd ?? null,
    salary_text: typeof salaryInput === 'string' ? salaryInput.slice(0, 200) : null,
    description,
    requirements_years: extracted.years,
    requirements_required_skills: extracted.requiredSkills,
    requirements_preferred_skills: extracted.preferredSkills,
    requirements_qualifications: extracted.qualifications,
    requirements_responsibilities: extracted.responsibilities,
    skills: [...new Set([...extracted.requiredSkills, ...extracted.preferredSkills])],
    skills_taxonomy_version: SKILLS_TAXONOMY_VERSION,
    raw_html_key: found.rawHtmlKey,
    posted_at: postedAt && !Number.isNaN(postedAt.getTime()) ? postedAt.toISOString() : null,
    first_seen_at: context.now,
    last_crawled_at: context.now,
    is_active: true,
    created_at: context.now,
    updated_at: context.now,
  };
}
