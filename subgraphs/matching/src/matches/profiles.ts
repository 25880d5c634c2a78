/**
 * What matching knows about resumes, jobs and owners: its own projections, mapped from
 * `resume.parsed`, `job.upserted`/`job.closed` and `user.preferences_updated` by the consumers.
 */
export type RemotePolicy = 'REMOTE' | 'HYBRID' | 'ONSITE';
export type Seniority = 'INTERN' | 'JUNIOR' | 'MID' | 'SENIOR' | 'LEAD' | 'PRINCIPAL' | 'EXECUTIVE';

export interface ResumeChunk {
  id: string;
  /** e.g. summary, experience, skills, education, project. */
  kind: string;
  text: string;
}

export interface ResumeProfile {
  resumeId: string;
  ownerId: string;
  markdown: string;
  /** Skills as listed (raw names or canonical ids); normalized by ranking. */
  skills: string[];
  /** Job titles held, most recent first. */
  titles: string[];
  totalYears?: number | null;
  location?: string | null;
  chunks: ResumeChunk[];
}

export interface Salary {
  min?: number | null;
  max?: number | null;
  currency?: string | null;
}

export interface JobProfile {
  jobId: string;
  title: string;
  company?: string | null;
  location?: string | null;
  remote?: RemotePolicy | null;
  seniority?: Seniority | null;
  yearsMin?: number | null;
  yearsMax?: number | null;
  requiredSkills: string[];
  preferredSkills: string[];
  salary?: Salary | null;
  description: string;
  postedAt?: Date | null;
}

export interface OwnerPreferences {
  /** What the owner accepts; ANY (or unset) accepts every policy. */
  remote?: RemotePolicy | 'ANY' | null;
  locations: string[];
  salaryMin?: number | null;
  salaryCurrency?: string | null;
  desiredTitles: string[];
  /** The level sought; overrides the level the resume shows. */
  seniority?: Seniority | null;
}
