import { prepareJob, prepareResume } from '../matches/ranking.js';
import type { JobProfile, ResumeProfile } from '../matches/profiles.js';
import { analyse, capResult, scoreCap } from './analysis.compute.js';
import { analysisPrompt } from './analysis.prompt.js';

const resume = (skills: string[]): ResumeProfile => ({
  resumeId: 'r1',
  ownerId: 'o1',
  markdown: skills.join(', '),
  skills,
  titles: ['Software Engineer'],
  totalYears: 8,
  location: 'Berlin',
  chunks: [
    { id: 'summary', kind: 'SUMMARY', text: 'Engineer; ada@example.com, +49 170 1234567, https://ada.dev' },
    ...skills.map((skill, index) => ({
      id: `w${index}`,
      kind: 'WORK',
      text: `Built services with ${skill}.`,
    })),
  ],
});

const job: JobProfile = {
  jobId: 'j1',
  title: 'Backend Engineer',
  company: 'Initech Secret Corp',
  description: 'Build services. Salary: $150,000 - $180,000.',
  requiredSkills: ['TypeScript', 'PostgreSQL', 'Rust', 'Haskell'],
  preferredSkills: ['Terraform'],
  yearsMin: 5,
  salary: { min: 150_000, max: 180_000, currency: 'USD' },
};

describe('analysis caps', () => {
  it('caps by key requirements met: 0–1 → 20, 2 → 40, 3+ → none', () => {
    expect([0, 1, 2, 3, 7].map(scoreCap)).toEqual([20, 20, 40, 100, 100]);
  });

  it('caps any score, including a provider’s, and derives the verdict from the capped score', () => {
    expect(capResult(95, 1, 1)).toEqual({ score: 20, verdict: 'WEAK' });
    expect(capResult(95, 2, 1)).toEqual({ score: 40, verdict: 'WEAK' });
    expect(capResult(95, 3, 1)).toEqual({ score: 95, verdict: 'STRONG' });
    // Never better than the ranking's own verdict (a junk posting stays WEAK).
    expect(capResult(95, 5, 1, 'WEAK').verdict).toBe('WEAK');
    expect(capResult(120, 5, 1).score).toBe(100);
  });

  it('counts the years asked as a key requirement and lists each requirement once', () => {
    const result = analyse(prepareResume(resume(['TypeScript'])), prepareJob(job), 0.6);
    // typescript + 8 ≥ 5 years: 2 key requirements met of 5.
    expect(result.keyMet).toBe(2);
    expect(result.keyTotal).toBe(5);
    expect(result.score).toBeLessThanOrEqual(40);
    expect(result.matches.map((match) => match.requirement)).toEqual([
      'typescript',
      'postgresql',
      'rust',
      'haskell',
      '5+ years',
      'terraform',
    ]);
    expect(result.matches.find((match) => match.requirement === 'terraform')?.key).toBe(false);
  });

  it('prompts with requirements and redacted evidence only: no salary, company or contacts', () => {
    const prepared = prepareResume(resume(['TypeScript', 'PostgreSQL', 'Rust']));
    const result = analyse(prepared, prepareJob(job), 0.6);
    // The summary (with contacts) must be evidence somewhere to prove redaction: force it.
    result.matches[0].evidence = { chunkId: 'summary', text: prepared.profile.chunks[0].text };
    const prompt = analysisPrompt(prepareJob(job), result);
    expect(prompt).toContain('typescript (required): MET');
    expect(prompt).not.toMatch(/ada@example\.com|1234567|ada\.dev|150,000|180|Initech/);
    expect(prompt).toContain('[email]');
  });
});
