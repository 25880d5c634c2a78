/**
 * Import leases. The feed is read inside the process that accepted the import: when that process
 * dies (kill -9, out of memory, a lost machine) nobody would ever end the import, which would stay
 * RUNNING for ever. So an unfinished import holds a lease, `heartbeat_at`, renewed by its worker
 * every quarter lease and by the ingestion consumer for each stored batch, and a sweeper in every
 * jobs process (on start, then every half lease) takes over the imports whose lease ran out:
 * - a feed read from a URL (CSV, JSON Resume) that was still being read is resumed in this process
 *   (up to MAX_RESUMES times): the feed is read again and the items already counted are skipped,
 *   since batches are queued in feed order;
 * - any other (inline data and crawls are not kept, or the feed was read and its batches stalled) is
 *   FAILED with WORKER_LOST, its stored batches kept, nothing closed; running it again is cheap
 *   (unchanged postings are duplicates).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@hiregraph/platform/logger';
import type { OutboxRelay } from '@hiregraph/platform/events/outbox';
import { transactionWithEvents } from '@hiregraph/platform/events/transaction';
import { reportFinished } from './import-progress.js';
import type { ImportRun, ImportWorker } from './import-worker.js';
import { JobImportFormat } from './job-import.entity.js';

export const WORKER_LOST =
  'WORKER_LOST: the process reading the feed stopped before the end; run the import again';

/** Renews the lease; false once the import is no longer unfinished (the sweeper failed it). */
export async function renewLease(em: EntityManager, importId: string): Promise<boolean> {
  const rows = await em.execute<{ id: string }[]>(
    `update job_imports set heartbeat_at = now() where id = ? and status in ('QUEUED', 'RUNNING') returning id`,
    [importId],
  );
  return rows.length > 0;
}

export const MAX_RESUMES = 3;

/** An import the sweeper took over: its feed URL and how many items were already counted. */
export interface ResumedImport extends ImportRun {
  url: string;
  received: number;
}

/**
 * Takes over the unfinished imports of feed URLs whose lease is older than `leaseSeconds` (renewing
 * it, so one sweeper takes each); the caller reads them again.
 */
export async function claimResumableImports(
  em: EntityManager,
  leaseSeconds: number,
): Promise<ResumedImport[]> {
  const rows = await em.fork().execute<
    {
      id: string;
      format: JobImportFormat;
      source: string;
      full_feed: boolean;
      url: string;
      received: number;
    }[]
  >(
    `update job_imports set heartbeat_at = now(), resumes = resumes + 1
     where status in ('QUEUED', 'RUNNING') and not parse_done and url is not null and format in (?, ?)
       and resumes < ? and coalesce(heartbeat_at, started_at, created_at) < now() - ? * interval '1 second'
     returning id, format, source, full_feed, url, received`,
    [JobImportFormat.CSV, JobImportFormat.JSON_RESUME, MAX_RESUMES, leaseSeconds],
  );
  return rows.map((row) => ({
    id: row.id,
    format: row.format,
    source: row.source,
    fullFeed: row.full_feed,
    url: row.url,
    received: row.received,
  }));
}

/** Fails every unfinished import whose lease is older than `leaseSeconds`; returns their ids. */
export async function failLostImports(
  em: EntityManager,
  outbox: OutboxRelay,
  leaseSeconds: number,
): Promise<string[]> {
  return transactionWithEvents(em.fork(), outbox, 'jobs', async (tx) => {
    const lost = await tx.execute<{ id: string }[]>(
      `update job_imports set status = 'FAILED', parse_done = true, finished_at = now(),
         error = coalesce(error, ?)
       where status in ('QUEUED', 'RUNNING')
         and coalesce(heartbeat_at, started_at, created_at) < now() - ? * interval '1 second'
       returning id`,
      [WORKER_LOST, leaseSeconds],
    );
    for (const { id } of lost) await reportFinished(tx, id);
    return lost.map((row) => row.id);
  });
}

/** Resumes what can be and fails the rest, now and every half lease; returns the function that stops it. */
export function startImportSweeper(deps: {
  em: EntityManager;
  outbox: OutboxRelay;
  logger: Logger;
  leaseSeconds: number;
  worker: Pick<ImportWorker, 'run'>;
}): () => void {
  let sweeping: Promise<void> | undefined;
  const sweepOnce = async () => {
    for (const run of await claimResumableImports(deps.em, deps.leaseSeconds)) {
      deps.logger.warn({ importId: run.id, skip: run.received }, 'import whose worker was lost: resumed');
      void deps.worker.run(run, { kind: 'url', url: run.url }, { skip: run.received });
    }
    const failed = await failLostImports(deps.em, deps.outbox, deps.leaseSeconds);
    if (failed.length > 0) deps.logger.warn({ importIds: failed }, 'imports whose worker was lost: FAILED');
  };
  const sweep = () => {
    sweeping ??= sweepOnce()
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'import sweep failed; retried later'))
      .finally(() => {
        sweeping = undefined;
      });
  };
  sweep();
  const timer = setInterval(sweep, (deps.leaseSeconds * 1000) / 2);
  timer.unref();
  return () => clearInterval(timer);
}
