import type { EventData } from '@hiregraph/platform/events/catalog';

/**
 * What a `job.upserted` event tells of a posting (what matching needs, so it never has to call
 * back), in the entity's shape: a `Job` is one, and the
 * ingestion's bulk-upserted rows are read into one (see job-ingestion.ts), so the event's payload is
 * written once for postings made through the API and imported ones.
 */
export interface UpsertedPosting {
  id: string;
  postedById?: string | null;
  source: string;
  externalId?: string | null;
  title: string;
  company: string;
  location: { city?: string | null; region?: string | null; countryCode?: string | null };
  remote?: string | null;
  employmentType?: string | null;
  seniority?: string | null;
  requirements: { years?: number | null; requiredSkills: string[]; preferredSkills: string[] };
  salary: {
    min?: number | null;
    max?: number | null;
    currency?: string | null;
    period?: string | null;
    yearlyUsd?: number | null;
  };
  description: string;
  /** A Date (entity) or the ISO string the upsert wrote (rows). */
  postedAt?: Date | string | null;
}

type UpsertedData = EventData<'job.upserted'>;

/** The `job.upserted` payload of a posting; `created` when this change inserted it. */
export function jobUpsertedData(posting: UpsertedPosting, created: boolean): UpsertedData {
  const { location, salary, requirements } = posting;
  const postedAt = posting.postedAt ?? null;
  return {
    jobId: posting.id,
    postedById: posting.postedById ?? null,
    source: posting.source,
    externalId: posting.externalId ?? null,
    title: posting.title,
    company: posting.company,
    location: {
      city: location.city ?? null,
      region: location.region ?? null,
      countryCode: location.countryCode ?? null,
    },
    remote: (posting.remote ?? null) as UpsertedData['remote'],
    employmentType: (posting.employmentType ?? null) as UpsertedData['employmentType'],
    seniority: (posting.seniority ?? null) as UpsertedData['seniority'],
    yearsOfExperience: requirements.years ?? null,
    requiredSkills: requirements.requiredSkills,
    preferredSkills: requirements.preferredSkills,
    salary:
      salary.min == null && salary.max == null && salary.yearlyUsd == null
        ? null
        : {
            min: salary.min ?? null,
            max: salary.max ?? null,
            currency: salary.currency ?? null,
            period: (salary.period ?? null) as NonNullable<UpsertedData['salary']>['period'],
            yearlyUsd: salary.yearlyUsd ?? null,
          },
    description: posting.description,
    postedAt: postedAt instanceof Date ? postedAt.toISOString() : postedAt,
    created,
  };
}
