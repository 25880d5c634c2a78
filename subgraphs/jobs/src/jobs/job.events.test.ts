import 'reflect-metadata';
import { eventCatalog } from '@hiregraph/platform/events/catalog';
import type { JobRow } from '../imports/normalize.js';
import { upsertedPosting } from '../imports/job-ingestion.js';
import { Job } from './job.entity.js';
import { EmploymentType, RemotePolicy, SalaryPeriod, Seniority } from './job.enums.js';
import { jobUpsertedData } from './job.events.js';

const ID = '0193a5f0-0000-7000-8000-000000000001';

function postedJob(): Job {
  const job = new Job();
  Object.assign(job, {
    id: ID,
    source: 'acme-feed',
    externalId: 'A-1',
    title: 'Platform Engineer',
    company: 'Acme',
    remote: RemotePolicy.HYBRID,
    employmentType: EmploymentType.FULL_TIME,
    seniority: Seniority.SENIOR,
    description: 'Run our Kubernetes platform.',
    postedAt: new Date('2026-12-01T09:00:00.000Z'),
  });
  Object.assign(job.location, { city: 'Berlin', region: null, countryCode: 'DE' });
  Object.assign(job.requirements, { years: 5, requiredSkills: ['kubernetes'], preferredSkills: ['go'] });
  Object.assign(job.salary, {
    min: 80_000,
    max: 100_000,
    currency: 'EUR',
    period: SalaryPeriod.YEAR,
    yearlyUsd: 108_000,
  });
  return job;
}

/** The same posting as the ingestion's bulk upsert writes it. */
function storedRow(): JobRow {
  return {
    source: 'acme-feed',
    external_id: 'A-1',
    title: 'Platform Engineer',
    company: 'Acme',
    location_city: 'Berlin',
    location_region: null,
    location_country_code: 'DE',
    remote: RemotePolicy.HYBRID,
    employment_type: EmploymentType.FULL_TIME,
    seniority: 'SENIOR',
    salary_min: 80_000,
    salary_max: 100_000,
    salary_currency: 'EUR',
    salary_period: 'YEAR',
    salary_yearly_usd: 108_000,
    description: 'Run our Kubernetes platform.',
    requirements_years: 5,
    requirements_required_skills: ['kubernetes'],
    requirements_preferred_skills: ['go'],
    posted_at: '2026-12-01T09:00:00.000Z',
  } as JobRow;
}

describe('job.upserted payload', () => {
  it('is the same for a posting made through the API and the same posting imported', () => {
    const fromEntity = jobUpsertedData(postedJob(), true);
    const fromRow = jobUpsertedData(upsertedPosting(ID, storedRow()), true);
    expect(fromRow).toEqual(fromEntity);
    expect(eventCatalog['job.upserted'].schema.parse(fromEntity)).toEqual(fromEntity);
    expect(fromEntity).toMatchObject({
      jobId: ID,
      postedById: null,
      location: { city: 'Berlin', region: null, countryCode: 'DE' },
      yearsOfExperience: 5,
      salary: { min: 80_000, max: 100_000, currency: 'EUR', period: 'YEAR', yearlyUsd: 108_000 },
      postedAt: '2026-12-01T09:00:00.000Z',
      created: true,
    });
  });

  it('has no salary without an amount, and nulls for what is unknown', () => {
    const job = postedJob();
    job.salary = Object.assign(job.salary, { min: null, max: null, yearlyUsd: null, currency: 'EUR' });
    job.postedAt = undefined;
    job.remote = undefined;
    const data = jobUpsertedData(job, false);
    expect(data).toMatchObject({ salary: null, postedAt: null, remote: null, created: false });
    expect(eventCatalog['job.upserted'].schema.parse(data)).toEqual(data);
  });
});
