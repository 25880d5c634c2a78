import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '@hiregraph/platform/errors';
import {
  cursorId,
  decodeKeyCursor,
  encodeKeyCursor,
  requirePageSize,
  toConnection,
  type Connection,
  type CursorKey,
} from '@hiregraph/platform/subgraph/pagination';
import { Job } from './job.entity.js';
import { JobSort } from './job.enums.js';
import type { JobSearchFilter } from './job.inputs.js';

export interface JobSearch {
  query?: string | null;
  filter: JobSearchFilter;
  sort?: JobSort | null;
  first: number;
  after?: string | null;
  normalizeSkill: (name: string) => string;
}

const QUERY = `websearch_to_tsquery('english', ?)`;
const LISTED_AT = 'coalesce(j.posted_at, j.first_seen_at)';

/**
 * Sort keys, descending, ties broken by id. Each key is selected as the cursor carries it: rank as
 * `real` (compared back as real, so a cursor's float never misses its row), listing time as text
 * with microseconds, salary as double (unknown last).
 */
const SORTS: Record<JobSort, { key: string; nullsLast?: boolean; cast: string }> = {
  [JobSort.RELEVANCE]: { key: `ts_rank_cd(j.search_vector, ${QUERY})`, cast: 'real' },
  [JobSort.NEWEST]: { key: LISTED_AT, cast: 'timestamptz' },
  [JobSort.SALARY]: { key: 'j.salary_yearly_usd', nullsLast: true, cast: 'double precision' },
};

/** Full-text search with filters, ranked or sorted, one keyset page at a time. */
export async function searchJobs(em: EntityManager, search: JobSearch): Promise<Connection<Job>> {
  const first = requirePageSize(search.first);
  const text = search.query?.trim() || null;
  if (text && text.length > 500) throw badUserInput('query is too long', { field: 'query' });
  const sortName =
    search.sort === JobSort.RELEVANCE && !text
      ? JobSort.NEWEST
      : (search.sort ?? (text ? JobSort.RELEVANCE : JobSort.NEWEST));
  const sort = SORTS[sortName];

  const where: string[] = [];
  const params: unknown[] = [];
  const { filter } = search;
  if (text) {
    where.push(`j.search_vector @@ ${QUERY}`);
    params.push(text);
  }
  if (filter.isActive != null) {
    where.push('j.is_active = ?');
    params.push(filter.isActive);
  }
  if (filter.remote?.length) {
    where.push('j.remote in (select jsonb_array_elements_text(?::jsonb))');
    params.push(JSON.stringify(filter.remote));
  }
  if (filter.seniority?.length) {
    where.push('j.seniority in (select jsonb_array_elements_text(?::jsonb))');
    params.push(JSON.stringify(filter.seniority));
  }
  if (filter.skills?.length) {
    where.push('j.skills @> array(select jsonb_array_elements_text(?::jsonb))');
    params.push(JSON.stringify(filter.skills.map(search.normalizeSkill)));
  }
  const location = filter.location;
  if (location?.countryCode) {
    where.push('j.location_country_code = upper(?)');
    params.push(location.countryCode.trim());
  }
  if (location?.city) {
    where.push('lower(j.location_city) = lower(?)');
    params.push(location.city.trim());
  }
  if (location?.region) {
    where.push('lower(j.location_region) = lower(?)');
    params.push(location.region.trim());
  }
  if (filter.minYearlySalaryUsd != null) {
    if (!Number.isFinite(filter.minYearlySalaryUsd) || filter.minYearlySalaryUsd < 0) {
      throw badUserInput('minYearlySalaryUsd must be a non-negative number', {
        field: 'filter.minYearlySalaryUsd',
      });
    }
    // Unknown salary fails the filter unless asked for: a minimum is a promise about pay.
    where.push(
      filter.includeUnknownSalary
        ? '(j.salary_yearly_usd >= ? or j.salary_yearly_usd is null)'
        : 'j.salary_yearly_usd >= ?',
    );
    params.push(filter.minYearlySalaryUsd);
  }
  if (filter.postedAfter) {
    where.push(`${LISTED_AT} > ?`);
    params.push(filter.postedAfter);
  }
  if (filter.source) {
    where.push('j.source = ?');
    params.push(filter.source);
  }
  const conditions = where.length ? where.join(' and ') : 'true';

  const seek: string[] = [];
  const seekParams: unknown[] = [];
  let hasPreviousPage = false;
  if (search.after != null) {
    const [cursorSort, key, id] = decodeKeyCursor(search.after, 3);
    if (
      cursorSort !== sortName ||
      (key === null && !sort.nullsLast) ||
      (key !== null && typeof key !== (sortName === JobSort.NEWEST ? 'string' : 'number'))
    ) {
      throw badUserInput('after is a cursor of another sort', { field: 'after' });
    }
    hasPreviousPage = true;
    const afterId = cursorId(id);
    if (key === null) {
      seek.push('(sort_key is null and id < ?::uuid)');
      seekParams.push(afterId);
    } else {
      const castKey = `?::${sort.cast}`;
      seek.push(
        `(sort_key < ${castKey} ${sort.nullsLast ? 'or sort_key is null ' : ''}or (sort_key = ${castKey} and id < ?::uuid))`,
      );
      seekParams.push(key, key, afterId);
    }
  }

  const keyParams = sortName === JobSort.RELEVANCE ? [text] : [];
  const cursorKey =
    sortName === JobSort.NEWEST
      ? `to_char(sort_key at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
      : 'sort_key';
  const rows = await em.execute<{ id: string; cursor_key: CursorKey }[]>(
    `select id, ${cursorKey} as cursor_key from (
       select j.id, ${sort.key} as sort_key from jobs j where ${conditions}
     ) keyed
     where ${seek.length ? seek.join(' and ') : 'true'}
     order by sort_key desc${sort.nullsLast ? ' nulls last' : ''}, id desc
     limit ?`,
    [...keyParams, ...params, ...seekParams, first + 1],
  );
  const countAll = async () => {
    const [{ count }] = await em.execute<{ count: string }[]>(
      `select count(*) as count from jobs j where ${conditions}`,
      params,
    );
    return Number(count);
  };

  const jobs = await em.find(Job, { id: { $in: rows.map((row) => row.id) } });
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const keys = new Map(rows.map((row) => [row.id, row.cursor_key]));
  const ordered = rows.map((row) => byId.get(row.id)).filter((job): job is Job => job !== undefined);
  return toConnection(ordered, first, {
    hasPreviousPage,
    totalCount: !hasPreviousPage && rows.length <= first ? rows.length : countAll,
    cursorOf: (job) => encodeKeyCursor([sortName, keys.get(job.id) ?? null, job.id]),
  });
}
