/**
 * Import leases. The feed is read inside the process that accepted the import: when that process
 * dies (kill -9, out of memory, a lost machine) nobody would ever end the import, which would stay
 * RUNNING for ever. So an unfinished import holds a lease, `heartbeat_at`, renewed by its worker
 * every quarter lease and by the ingestion consumer for each stored batch, and a sweeper in every
 * jobs process (on start, then every half lease) fails the imports whose lease ran out: FAILED with
 * WORKER_LOST, their stored batches kept, nothing closed. The feed is not kept, so an import cannot
 * be resumed where it stopped; running it again is cheap (unchanged postings are duplicates).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@hiregraph/libs/logger';
import type { OutboxRelay } from '@hiregraph/libs/events/outbox';
import { transactionWithEvents } from '@hiregraph/libs/events/transaction';
import { reportFinished } from './import-progress.js';

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

/** Sweeps now and every half lease; returns the function that stops it. */
export function startImportSweeper(deps: {
  em: EntityManager;
  outbox: OutboxRelay;
  logger: Logger;
  leaseSeconds: number;
}): () => void {
  let sweeping: Promise<void> | undefined;
  const sweep = () => {
    sweeping ??= failLostImports(deps.em, deps.outbox, deps.leaseSeconds)
      .then((ids) => {
        if (ids.length > 0) deps.logger.warn({ importIds: ids }, 'imports whose worker was lost: FAILED');
      })
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
