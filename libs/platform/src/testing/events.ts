import { randomUUID } from 'node:crypto';
import type { EventData } from '../events/catalog.js';

/** What `jobUpsertedData`'s description holds that no prompt may carry (pay, contacts, profile links). */
export const JOB_DESCRIPTION_SECRETS =
  /150,000|120,000|95k|85\.000|60 000|60 \[salary\]|jobs@initech|linkedin|initech-recruiter/;

/**
 * A `job.upserted` event's data for tests of its consumers: an open senior posting at Initech with
 * a salary and contacts in its description (what prompts must leave out); override what a test needs.
 */
export function jobUpsertedData(
  overrides: Partial<EventData<'job.upserted'>> = {},
): EventData<'job.upserted'> {
  return {
    jobId: randomUUID(),
    postedById: null,
    source: 'test',
    externalId: null,
    title: 'Staff Backend Engineer',
    company: 'Initech',
    location: { city: 'Berlin', region: null, countryCode: 'DE' },
    remote: 'HYBRID',
    employmentType: 'FULL_TIME',
    seniority: 'SENIOR',
    yearsOfExperience: 5,
    requiredSkills: ['TypeScript', 'Node.js', 'Kubernetes'],
    preferredSkills: [],
    salary: { min: 150000, max: 180000, currency: 'EUR', period: 'YEAR', yearlyUsd: 170000 },
    description:
      'Own our APIs. Pay 150,000 EUR per year. Salary: 120,000 - 150,000 per year, or 95k in Porto; ' +
      'in Munich 85.000 € brutto, in Lisbon 60 000 EUR. Questions: jobs@initech.example or ' +
      'linkedin.com/in/initech-recruiter.',
    postedAt: new Date().toISOString(),
    created: true,
    ...overrides,
  };
}
