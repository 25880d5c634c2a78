import { randomUUID } from 'node:crypto';
import type { EventData } from '../events/catalog.js';

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
    description: 'Own our APIs. Pay 150,000 EUR per year. Questions: jobs@initech.example.',
    postedAt: new Date().toISOString(),
    created: true,
    ...overrides,
  };
}
