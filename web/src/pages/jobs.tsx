import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { JobRemotePolicy, JobSearchFilter, Seniority } from '../gql/graphql';
import { describeError } from '../errors';
import { ErrorMessage, Loading, formatSalary } from '../ui';

const SearchJobsDocument = graphql(`
  query SearchJobs($query: String, $filter: JobSearchFilter, $after: String) {
    searchJobs(query: $query, filter: $filter, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        title
        company
        remote
        seniority
        location {
          city
          countryCode
        }
        salary {
          text
          min
          max
          currency
        }
      }
    }
  }
`);

export const REMOTE_LABELS: Record<JobRemotePolicy, string> = {
  FULL: 'Remote',
  HYBRID: 'Hybrid',
  NONE: 'On site',
};
const SENIORITIES: Seniority[] = ['INTERN', 'JUNIOR', 'MID', 'SENIOR', 'LEAD', 'PRINCIPAL', 'EXECUTIVE'];

interface Search {
  query: string;
  remote: JobRemotePolicy | '';
  seniority: Seniority | '';
  skills: string;
  minSalary: string;
}

function toFilter(search: Search): JobSearchFilter {
  const skills = search.skills
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    ...(search.remote ? { remote: [search.remote] } : {}),
    ...(search.seniority ? { seniority: [search.seniority] } : {}),
    ...(skills.length ? { skills } : {}),
    ...(search.minSalary ? { minYearlySalaryUsd: Number(search.minSalary) } : {}),
  };
}

export function JobsPage() {
  const [form, setForm] = useState<Search>({
    query: '',
    remote: '',
    seniority: '',
    skills: '',
    minSalary: '',
  });
  const [search, setSearch] = useState<Search>(form);
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({
    query: SearchJobsDocument,
    variables: { query: search.query || null, filter: toFilter(search), after },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAfter(null);
    setSearch(form);
  };

  return (
    <section>
      <h1 tabIndex={-1}>Jobs</h1>
      <form onSubmit={submit} className="filters" role="search" aria-label="Search jobs">
        <label className="wide">
          Search
          <input
            type="search"
            value={form.query}
            onChange={(e) => setForm({ ...form, query: e.target.value })}
            placeholder='e.g. "backend engineer" typescript'
          />
        </label>
        <label>
          Remote
          <select
            value={form.remote}
            onChange={(e) => setForm({ ...form, remote: e.target.value as Search['remote'] })}
          >
            <option value="">Any</option>
            {Object.entries(REMOTE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Level
          <select
            value={form.seniority}
            onChange={(e) => setForm({ ...form, seniority: e.target.value as Search['seniority'] })}
          >
            <option value="">Any</option>
            {SENIORITIES.map((level) => (
              <option key={level} value={level}>
                {level.charAt(0) + level.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Skills (comma separated)
          <input value={form.skills} onChange={(e) => setForm({ ...form, skills: e.target.value })} />
        </label>
        <label>
          Minimum yearly salary (USD)
          <input
            type="number"
            min={0}
            step={1000}
            value={form.minSalary}
            onChange={(e) => setForm({ ...form, minSalary: e.target.value })}
          />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorMessage message={describeError(error)} />
      {fetching && !data && <Loading what="jobs" />}
      {data && (
        <>
          <p className="muted" role="status">
            {data.searchJobs.totalCount === 1 ? '1 job' : `${data.searchJobs.totalCount} jobs`}
          </p>
          <ul className="list">
            {data.searchJobs.nodes.map((job) => (
              <li key={job.id} className="row">
                <Link href={`/jobs/${job.id}`}>
                  {job.title} · {job.company}
                </Link>
                <span className="muted">
                  {[
                    job.location.city,
                    job.remote ? REMOTE_LABELS[job.remote] : null,
                    formatSalary(job.salary),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ul>
          {data.searchJobs.pageInfo.hasNextPage && (
            <button
              type="button"
              className="secondary"
              onClick={() => setAfter(data.searchJobs.pageInfo.endCursor ?? null)}
            >
              Next page
            </button>
          )}
        </>
      )}
    </section>
  );
}
