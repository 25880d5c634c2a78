/**
 * Reading matching's projections back as ranking's profiles. Rows are read with SQL (vectors and
 * arrays), never from another subgraph.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_MATCH_THRESHOLD } from '@hiregraph/platform/match-threshold';
import type { JobProfile, OwnerPreferences, RemotePolicy, ResumeProfile, Seniority } from './profiles.js';

export interface StoredResume {
  profile: ResumeProfile;
  version: number;
  matchedVersion: number | null;
  matchedAt: Date | null;
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export async function loadResume(
  tx: EntityManager,
  resumeId: string,
  model: string,
): Promise<StoredResume | null> {
  const [row] = await tx.execute<any[]>('select * from resume_profiles where resume_id = ?', [resumeId]);
  if (!row) return null;
  const chunks = await tx.execute<any[]>(
    'select chunk_id, kind, text from resume_chunks where resume_id = ? and model = ? order by chunk_id',
    [resumeId, model],
  );
  return {
    profile: {
      resumeId: row.resume_id,
      ownerId: row.owner_id,
      markdown: row.markdown,
      skills: row.skills ?? [],
      titles: row.titles ?? [],
      totalYears: num(row.total_years),
      location: row.location,
      chunks: chunks.map((chunk) => ({ id: chunk.chunk_id, kind: chunk.kind, text: chunk.text })),
    },
    version: row.version,
    matchedVersion: row.matched_version,
    matchedAt: row.matched_at ? new Date(row.matched_at) : null,
  };
}

export interface StoredJob {
  profile: JobProfile;
  contentHash: string;
  postedById: string | null;
  closed: boolean;
}

export function jobFromRow(row: any): StoredJob {
  return {
    profile: {
      jobId: row.job_id,
      title: row.title,
      company: row.company,
      location: row.location,
      remote: row.remote as RemotePolicy | null,
      seniority: row.seniority as Seniority | null,
      yearsMin: num(row.years_min),
      yearsMax: num(row.years_max),
      requiredSkills: row.required_skills ?? [],
      preferredSkills: row.preferred_skills ?? [],
      salary:
        row.salary_min === null && row.salary_max === null
          ? null
          : { min: num(row.salary_min), max: num(row.salary_max), currency: row.salary_currency },
      description: row.description,
      postedAt: row.posted_at ? new Date(row.posted_at) : null,
    },
    contentHash: row.content_hash,
    postedById: row.posted_by_id,
    closed: row.closed_at !== null,
  };
}

export async function loadJobs(tx: EntityManager, jobIds: string[]): Promise<Map<string, StoredJob>> {
  if (jobIds.length === 0) return new Map();
  const rows = await tx.execute<any[]>('select * from job_profiles where job_id = any(?::uuid[])', [
    pgArray(jobIds),
  ]);
  return new Map(rows.map((row) => [row.job_id as string, jobFromRow(row)]));
}

export interface StoredPreferences extends OwnerPreferences {
  openToRecruiters: boolean;
  matchThreshold: number;
}

/** The default announcement threshold (shared with the users subgraph's preference default). */
export { DEFAULT_MATCH_THRESHOLD };

export async function loadPreferences(tx: EntityManager, ownerId: string): Promise<StoredPreferences> {
  const [row] = await tx.execute<any[]>('select * from owner_preferences where owner_id = ?', [ownerId]);
  if (!row) {
    return {
      locations: [],
      desiredTitles: [],
      openToRecruiters: false,
      matchThreshold: DEFAULT_MATCH_THRESHOLD,
    };
  }
  return {
    remote: row.remote,
    locations: row.locations ?? [],
    salaryMin: num(row.salary_min),
    salaryCurrency: row.salary_currency,
    desiredTitles: row.desired_titles ?? [],
    seniority: row.seniority,
    openToRecruiters: row.open_to_recruiters,
    matchThreshold: Number(row.match_threshold),
  };
}

/** A PostgreSQL array literal of texts (or uuids), for a `?::text[]` parameter. */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
