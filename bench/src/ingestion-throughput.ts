import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { createTestNamespace, eventually } from '@hiregraph/platform/testing/namespace';
import { writeFeed } from './ingestion.js';
import { recordFigure } from './results.js';

/**
 * The `ingestion` case: a JSON Resume feed of N new postings through the jobs import path as an
 * operator runs it (the jobs:import CLI, its own process: import worker → job.found → ingestion
 * consumer → upsert + job.upserted in the outbox → JetStream), timed until every posting is stored
 * and every job.upserted has left the outbox (published); then the same feed again, all of it
 * duplicates, dropped before the database. Targets: ≥ 1,000 new postings/s, ≥ 10,000 duplicates
 * dropped/s. Needs no running platform: the CLI runs the jobs runtime in its own process.
 */
export interface IngestionFigures {
  stored: number;
  upsertedPublished: number;
  deadLettered: number;
  newPerSecondFromStart: number;
  newPerSecondWithinImport: number;
  duplicates: number;
  duplicatesPerSecondWithinImport: number;
  duplicatesPerSecondWithCli: number;
}

const CASE = 'ingestion';
const CLI = fileURLToPath(new URL('../../subgraphs/jobs/dist/imports/import-cli.js', import.meta.url));

export async function benchIngestionThroughput(count: number): Promise<IngestionFigures> {
  const ns = createTestNamespace('benchingest');
  const dir = await mkdtemp(join(tmpdir(), 'hiregraph-bench-ingest-'));
  const file = join(dir, 'feed.json');
  const source = `bench-${Date.now().toString(36)}`;
  await writeFeed(file, count, source);
  let client: pg.Client | undefined;
  const run = () =>
    promisify(execFile)(process.execPath, [CLI, file, '--source', source], {
      env: { ...process.env, ...ns.env, LOG_LEVEL: 'warn' },
      maxBuffer: 64 * 1024 * 1024,
    });
  const lastImport = async () => {
    const { rows } = await client!.query(
      `select received, inserted, duplicate, status, extract(epoch from started_at) * 1000 as started,
         extract(epoch from finished_at - started_at) as seconds
       from job_imports where source = $1 order by created_at desc limit 1`,
      [source],
    );
    return rows[0] as {
      received: number;
      inserted: number;
      duplicate: number;
      status: string;
      started: number;
      seconds: number;
    };
  };
  const scalar = async (sql: string, values: unknown[] = []) =>
    Number((await client!.query(sql, values)).rows[0].n);
  try {
    const spawned = Date.now();
    const cli = run();
    let exited = false;
    void cli.then(
      () => (exited = true),
      () => (exited = true),
    );
    // The CLI creates and migrates the namespace's jobs database on its way up.
    client = await eventually(async () => {
      if (exited) await cli; // a failed import throws here
      const candidate = new pg.Client({ connectionString: `${ns.config.DATABASE_URL}/${ns.name}_jobs` });
      try {
        await candidate.connect();
        return candidate;
      } catch {
        await delay(100);
        return undefined;
      }
    }, 120_000);
    // Stored and published: every posting is a row, and no job.upserted is left in the outbox.
    const publishedAt = await eventually(
      async () => {
        try {
          const stored = await scalar('select count(*)::int as n from jobs where source = $1', [source]);
          if (stored < count) return undefined;
          const waiting = await scalar("select count(*)::int as n from outbox where type = 'job.upserted'");
          return waiting === 0 ? Date.now() : undefined;
        } catch {
          return undefined; // tables not migrated yet
        } finally {
          await delay(100);
        }
      },
      Math.max(120_000, count * 20),
    );
    await cli;
    const first = await lastImport();
    const stored = await scalar('select count(*)::int as n from jobs where source = $1', [source]);
    const deadLettered = await scalar(
      "select count(*)::int as n from outbox_dead_letters where type = 'job.upserted'",
    );
    const upsertedPublished = stored; // each stored posting's job.upserted left the outbox (not dead-lettered)

    const again = Date.now();
    await run();
    const wall = (Date.now() - again) / 1000;
    const second = await lastImport();
    const figures: IngestionFigures = {
      stored,
      upsertedPublished: upsertedPublished - deadLettered,
      deadLettered,
      newPerSecondFromStart: count / ((publishedAt - spawned) / 1000),
      newPerSecondWithinImport: count / ((publishedAt - Number(first.started)) / 1000),
      duplicates: second.duplicate,
      duplicatesPerSecondWithinImport: second.duplicate / Number(second.seconds),
      duplicatesPerSecondWithCli: second.duplicate / wall,
    };
    const record = (name: string, value: number, unit: string, target?: { min: number }) =>
      recordFigure({ case: CASE, name, value: Math.round(value), unit, target });
    record(
      `new postings stored + job.upserted published, from import start (${count} postings)`,
      figures.newPerSecondWithinImport,
      'postings/s',
      { min: 1000 },
    );
    record(
      `new postings, incl. CLI process start (${count} postings)`,
      figures.newPerSecondFromStart,
      'postings/s',
    );
    record(
      `duplicates dropped, within the import (${second.duplicate})`,
      figures.duplicatesPerSecondWithinImport,
      'postings/s',
      {
        min: 10_000,
      },
    );
    record(
      `duplicates dropped, incl. CLI process start and stop`,
      figures.duplicatesPerSecondWithCli,
      'postings/s',
    );
    console.log(
      `ingestion x${count} (feed → jobs:import CLI → job.found → upsert → job.upserted published): ` +
        `${figures.newPerSecondWithinImport.toFixed(0)} new postings/s from import start (target ≥ 1,000), ` +
        `${figures.newPerSecondFromStart.toFixed(0)}/s incl. CLI start; ${stored} stored, ${deadLettered} dead-lettered`,
    );
    console.log(
      `ingestion duplicates x${second.duplicate}: ${figures.duplicatesPerSecondWithinImport.toFixed(0)} dropped/s within the import ` +
        `(target ≥ 10,000), ${figures.duplicatesPerSecondWithCli.toFixed(0)}/s incl. CLI start and stop (${wall.toFixed(1)} s)`,
    );
    return figures;
  } finally {
    await client?.end().catch(() => {});
    await rm(dir, { recursive: true, force: true });
    await ns.cleanup();
  }
}
