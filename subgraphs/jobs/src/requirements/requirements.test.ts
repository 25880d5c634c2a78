import {
  extractRemotePolicy,
  extractRequirements,
  extractSeniority,
  extractYears,
} from '@hiregraph/requirements/requirements';
import { RemotePolicy, SalaryPeriod, Seniority } from '../jobs/job.enums.js';
import {
  defaultSeams,
  extractSkills,
  normalizeSkill,
  parseSalary,
  yearlyUsdOf,
  type ExtractionSeams,
} from './seams.js';

// Stands in for the taxonomy: whole-word matches of a few names.
const KNOWN = ['typescript', 'postgresql', 'kubernetes', 'go', 'react', 'graphql'];
const seams: ExtractionSeams = {
  ...defaultSeams,
  extractSkills: (text) => KNOWN.filter((skill) => new RegExp(`\\b${skill}\\b`, 'i').test(text)),
};

describe('extractYears', () => {
  it.each([
    ['5+ years of experience with Go', 5],
    ['3-5 years of experience', 3],
    ['3-5+ years of experience', 3],
    ['3 to 5 yrs in backend roles', 3],
    ['at least two years building APIs', 2],
    ['Minimum of 4 years', 4],
    ['4 years of professional software experience', 4],
    ['2+ years of TypeScript and 6+ years overall', 6],
  ])('%s → %d', (text, years) => expect(extractYears(text)).toBe(years));

  it.each(['Founded 10 years ago, we grow', 'A 401k plan', 'Great team'])('%s → null', (text) =>
    expect(extractYears(text)).toBeNull(),
  );
});

describe('extractSeniority', () => {
  it.each([
    ['Senior Backend Engineer', Seniority.SENIOR],
    ['Sr. Data Engineer', Seniority.SENIOR],
    ['Senior Staff Engineer', Seniority.PRINCIPAL],
    ['Principal Engineer', Seniority.PRINCIPAL],
    ['Engineering Team Lead', Seniority.LEAD],
    ['Junior Frontend Developer', Seniority.JUNIOR],
    ['Jr Developer', Seniority.JUNIOR],
    ['Software Engineering Intern', Seniority.INTERN],
    ['Head of Engineering', Seniority.EXECUTIVE],
    ['VP Engineering', Seniority.EXECUTIVE],
  ])('%s → %s', (title, seniority) => expect(extractSeniority(title)).toBe(seniority));

  it('reads explicit level phrases from the description, and nothing from "Internal tools"', () => {
    expect(extractSeniority('Software Engineer', 'This is an entry-level role.')).toBe(Seniority.JUNIOR);
    expect(extractSeniority('Internal Tools Engineer', 'You will work with senior engineers.')).toBeNull();
  });
});

describe('extractRemotePolicy', () => {
  it.each([
    ['Fully remote within the EU', RemotePolicy.FULL],
    ['Remote-first company', RemotePolicy.FULL],
    ['Hybrid: 2 days remote, 3 in the office', RemotePolicy.HYBRID],
    ['On-site in Berlin', RemotePolicy.NONE],
    ['No remote work, sorry', RemotePolicy.NONE],
    ['We build things', null],
  ])('%s → %s', (text, policy) => expect(extractRemotePolicy(text)).toBe(policy));
});

describe('extractRequirements', () => {
  const description = [
    'We build hiring software.',
    '## Responsibilities',
    '- Design GraphQL APIs',
    '- Run services on Kubernetes',
    '## Requirements',
    '- 5+ years of experience with TypeScript',
    '- PostgreSQL in production',
    '## Nice to have',
    '- Go',
    '- React',
    'Salary: $150,000 - $180,000 per year',
  ].join('\n');

  it('separates required from preferred skills and lists qualifications and responsibilities', () => {
    const extracted = extractRequirements({ title: 'Senior Backend Engineer (Remote)', description }, seams);
    expect(extracted).toMatchObject({
      years: 5,
      seniority: Seniority.SENIOR,
      remote: RemotePolicy.FULL,
      requiredSkills: ['typescript', 'postgresql'],
      preferredSkills: ['go', 'react'],
      qualifications: ['5+ years of experience with TypeScript', 'PostgreSQL in production'],
      responsibilities: ['Design GraphQL APIs', 'Run services on Kubernetes'],
    });
  });

  it('treats "Preferred qualifications" and inline "is a plus" as preferred', () => {
    const text = 'Must have:\n- TypeScript\nReact is a plus\n**Preferred Qualifications**\n- Kubernetes';
    const extracted = extractRequirements({ title: 'Engineer', description: text }, seams);
    expect(extracted.requiredSkills).toEqual(['typescript']);
    expect(extracted.preferredSkills.sort()).toEqual(['kubernetes', 'react']);
  });

  it('reads bare heading lines (as PDFs and Word files keep them) but not sentences that mention skills', () => {
    const text = 'Requirements\n- TypeScript\nGraphQL skills help\nNice to have\n- Kubernetes';
    const extracted = extractRequirements({ title: 'Engineer', description: text }, seams);
    expect(extracted.requiredSkills).toEqual(['typescript', 'graphql']);
    expect(extracted.preferredSkills).toEqual(['kubernetes']);
  });

  it('takes the whole description as required when it has no sections', () => {
    const extracted = extractRequirements(
      { title: 'Engineer', description: 'We use Go and GraphQL.' },
      seams,
    );
    expect(extracted.requiredSkills).toEqual(['go', 'graphql']);
    expect(extracted.preferredSkills).toEqual([]);
  });

  it('lets structured fields win and normalizes their skills', () => {
    const extracted = extractRequirements(
      {
        title: 'Senior Engineer',
        description: 'Hybrid. 3+ years.\nNice to have:\n- TypeScript',
        requiredSkills: [' TypeScript '],
        years: 7,
        seniority: Seniority.LEAD,
        remote: RemotePolicy.NONE,
      },
      seams,
    );
    expect(extracted).toMatchObject({
      years: 7,
      seniority: Seniority.LEAD,
      remote: RemotePolicy.NONE,
      requiredSkills: ['typescript'],
      // Required already: not repeated as preferred.
      preferredSkills: [],
    });
  });

  it('passes the salary text, or salary-looking description lines, to the salary parser', () => {
    const seen: string[] = [];
    const parsing: ExtractionSeams = {
      ...seams,
      parseSalary: (text) => {
        seen.push(String(text));
        return {
          min: 150_000,
          max: 180_000,
          currency: 'USD',
          period: SalaryPeriod.YEAR,
          yearlyUsdMin: 150_000,
          yearlyUsdMax: 180_000,
          yearlyUsd: 180_000,
        };
      },
    };
    expect(extractRequirements({ title: 'E', description }, parsing).salary?.yearlyUsd).toBe(180_000);
    expect(seen).toEqual(['Salary: $150,000 - $180,000 per year']);
    extractRequirements({ title: 'E', description, salaryText: '€60k' }, parsing);
    expect(seen.at(-1)).toBe('€60k');
  });
});

describe('the real seams', () => {
  it('converts known numbers to yearly USD bounds; the single figure is the top of the range', () => {
    expect(yearlyUsdOf({ min: 50, max: 70, currency: 'USD', period: SalaryPeriod.HOUR })).toEqual({
      yearlyUsdMin: 104_000,
      yearlyUsdMax: 145_600,
      yearlyUsd: 145_600,
    });
    expect(yearlyUsdOf({ min: null, max: 9000, currency: 'USD', period: SalaryPeriod.MONTH }).yearlyUsd).toBe(
      108_000,
    );
    expect(
      yearlyUsdOf({ min: 60_000, max: null, currency: 'XYZ', period: SalaryPeriod.YEAR }).yearlyUsd,
    ).toBeNull();
  });

  it('parses salary text with the ingestion parser', () => {
    expect(parseSalary('$3.5k–$4.9k/mo')).toMatchObject({
      min: 3500,
      max: 4900,
      currency: 'USD',
      period: 'MONTH',
      yearlyUsdMin: 42_000,
      yearlyUsdMax: 58_800,
      yearlyUsd: 58_800,
    });
    expect(parseSalary('up to 90k USD')).toMatchObject({ min: null, max: 90_000, yearlyUsd: 90_000 });
    expect(parseSalary('competitive')).toBeNull();
  });

  it('reads skills through the shared taxonomy: canonical ids, boundaries respected', () => {
    expect(normalizeSkill('k8s')).toBe('kubernetes');
    expect(normalizeSkill('ReactJS')).toBe('react');
    expect(normalizeSkill('Underwater Basket Weaving')).toBe('underwater basket weaving');
    expect(extractSkills('We maintain good Postgres and JS services')).toEqual(['postgresql', 'javascript']);
  });

  it('extracts required skills from a description with the taxonomy by default', () => {
    const extracted = extractRequirements({ title: 'Engineer', description: 'You know TypeScript and k8s.' });
    expect(extracted.requiredSkills).toEqual(['typescript', 'kubernetes']);
  });
});
