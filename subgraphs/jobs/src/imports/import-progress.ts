/**
 * job_import.progress: what a subscriber (jobImportProgress, webhooks) sees of an import. Emitted in
 * the transaction that moved the counts, after the change: the import's row lock orders the events
 * as the counts moved, and the outbox publishes them in that order.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent } from '@hiregraph/platform/events/envelope';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { enqueueEvent } from '@hiregraph/platform/events/outbox';

/** Progress events of a running import come at most this often; the last one always comes. */
export const PROGRESS_INTERVAL_MS = 500;

interface ProgressRow {
  id: string;
  created_by_id: string | null;
  source: string;
  status: EventData<'job_import.progress'>['status'];
  received: number;
  inserted: number;
  updated: number;
  duplicate: number;
  rejected: number;
  closed: number;
  error: string | null;
}

const RETURNING =
  'id, created_by_id, source, status, received, inserted, updated, duplicate, rejected, closed, error';

/** A running import's progress, unless one was emitted less than PROGRESS_INTERVAL_MS ago. */
export async function reportProgress(tx: EntityManager, importId: string): Promise<void> {
  const [row] = await tx.execute<ProgressRow[]>(
    `update job_imports set progress_reported_at = clock_timestamp()
     where id = ? and status in ('QUEUED', 'RUNNING')
       and (progress_reported_at is null
         or progress_reported_at <= clock_timestamp() - ? * interval '1 millisecond')
     returning ${RETURNING}`,
    [importId, PROGRESS_INTERVAL_MS],
  );
  if (row) await enqueueEvent(tx, progressEvent(row));
}

/** The import's last event (done), by the one transaction that ended it. */
export async function reportFinished(tx: EntityManager, importId: string): Promise<void> {
  const [row] = await tx.execute<ProgressRow[]>(
    `update job_imports set progress_reported_at = clock_timestamp() where id = ? returning ${RETURNING}`,
    [importId],
  );
  if (row) await enqueueEvent(tx, progressEvent(row));
}

function progressEvent(row: ProgressRow) {
  const done = row.status === 'COMPLETED' || row.status === 'FAILED';
  return createEvent(
    'job_import.progress',
    {
      importId: row.id,
      createdById: row.created_by_id,
      source: row.source,
      status: row.status,
      counts: {
        received: row.received,
        new: row.inserted,
        updated: row.updated,
        duplicate: row.duplicate,
        rejected: row.rejected,
        closed: row.closed,
      },
      done,
      error: row.error,
    },
    { producer: 'jobs' },
  );
}
