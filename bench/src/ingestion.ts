import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { performance } from 'node:perf_hooks';
import { eventually, type TestNamespace } from '@hiregraph/platform/testing/namespace';

const JOB_COUNT = Number(process.env.BENCH_JOBS ?? 20_000);
const CLI = fileURLToPath(new URL('../../subgraphs/jobs/dist/imports/import-cli.js', import.meta.url));

/** A JSON Resume job feed of `count` postings with realistic text (skills, salary, a URL each). */
export async function writeFeed(path: string, count: number, tag: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('[');
  for (let i = 0; i < count; i++) {
    const item = {
      title: `${i % 3 ? 'Senior' : 'Junior'} Backend Engineer ${i}`,
      company: `Company ${i % 500}`,
      type: 'Full-time',
      date: '2026-11-01',
      url: `https://bench-${tag}.example/jobs/${i}`,
      location: { city: 'Berlin', countryCode: 'DE' },
      remote: i % 2 ? 'Remote' : 'Hybrid',
      salary: `€${60 + (i % 40)}k–€${80 + (i % 40)}k`,
      description:
        `## About\nWe build APIs for job ${i}.\n## Requirements\n- 5+ years of experience with TypeScript and Node.js\n` +
        '- PostgreSQL, Redis and Kubernetes in production\n## Nice to have\n- GraphQL and Go\n',
      skills: [{ name: 'TypeScript', level: 'Senior', keywords: ['Node.js'] }],
    };
    if (!out.write(`${i ? ',' : ''}${JSON.stringify(item)}`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end(']');
  await finished(out);
}

/**
 * Ingestion end to end: a feed file through the jobs:import CLI (its own process, as an operator runs
 * it) until every posting is stored and searchable, then the same file again (all duplicates,
 * dropped before the database).
 */
export async function benchIngestion(
  ns: TestNamespace,
  searchTotal: (source: string) => Promise<number>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hiregraph-bench-'));
  const file = join(dir, 'feed.json');
  const source = `bench-${Date.now().toString(36)}`;
  await writeFeed(file, JOB_COUNT, source);
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: `${ns.config.DATABASE_URL}/${ns.name}_jobs` });
  await client.connect();
  const importRate = async () => {
    const { rows } = await client.query(
      `select received, inserted, duplicate, extract(epoch from finished_at - started_at) as seconds
       from job_imports where source = $1 order by created_at desc limit 1`,
      [source],
    );
    return rows[0] as { received: number; inserted: number; duplicate: number; seconds: number };
  };
  const run = () =>
    promisify(execFile)(process.execPath, [CLI, file, '--source', source], {
      env: { ...process.env, ...ns.env, LOG_LEVEL: 'warn' },
      maxBuffer: 64 * 1024 * 1024,
    });
  try {
    const started = performance.now();
    const cli = run();
    await eventually(async () => {
      const { rows } = await client.query('select count(*)::int as n from jobs where source = $1', [source]);
      return rows[0].n >= JOB_COUNT;
    }, 600_000);
    const stored = performance.now();
    const searchable = await eventually(async () =>
      (await searchTotal(source)) >= JOB_COUNT ? true : undefined,
    );
    const seconds = (stored - started) / 1000;
    await cli;
    const first = await importRate();
    console.log(
      `ingestion x${JOB_COUNT} (JSON Resume file → CLI → job.found → upsert): ${(JOB_COUNT / seconds).toFixed(0)} new jobs/s ` +
        `end to end incl. CLI start (${seconds.toFixed(1)} s to all stored${searchable ? ' and searchable' : ''}); ` +
        `${(first.inserted / Number(first.seconds)).toFixed(0)} jobs/s within the import (target ≥ 1,000)`,
    );
    const again = performance.now();
    await run();
    const wall = (performance.now() - again) / 1000;
    const second = await importRate();
    console.log(
      `duplicates x${second.duplicate}: ${(second.duplicate / Number(second.seconds)).toFixed(0)} dropped/s within the import ` +
        `(target ≥ 10,000); ${(second.duplicate / wall).toFixed(0)}/s incl. CLI start and stop`,
    );
  } finally {
    await client.end();
    await rm(dir, { recursive: true, force: true });
  }
}
