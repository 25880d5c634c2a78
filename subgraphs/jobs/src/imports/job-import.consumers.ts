import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@hiregraph/platform/events/envelope';
import { handleOnce } from '@hiregraph/platform/events/idempotent';
import { ensureBucket } from '@hiregraph/platform/s3';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import type { JobsServices } from '../services.js';
import type { StoredBatch } from './job-ingestion.js';

const CONSUMER = 'job_ingestion';

/**
 * job.found → normalize → bulk upsert → job.upserted / job.closed, once per batch (handleOnce). The
 * Redis dedupe keys are written after the batch commits, so they never claim what was not stored.
 */
export async function subscribeImportEvents(
  runtime: SubgraphRuntime,
  { settings, ingestion }: Pick<JobsServices, 'settings' | 'ingestion'>,
): Promise<void> {
  await ensureBucket(runtime.storage, settings.JOBS_RAW_HTML_BUCKET, runtime.config.S3_REGION);
  const store = async (event: EventEnvelope<'job.found'>) => {
    let stored: StoredBatch | undefined;
    const began = performance.now();
    const applied = await handleOnce(runtime.orm.em as EntityManager, CONSUMER, event, async (tx) => {
      stored = await ingestion.storeBatch(tx, event);
    });
    if (!applied || !stored) return;
    void runtime.outbox.wake();
    await ingestion.remember(stored);
    runtime.logger.debug(
      {
        importId: event.data.importId,
        batch: event.data.batch,
        postings: event.data.postings.length,
        ms: Math.round(performance.now() - began),
      },
      'job.found batch stored',
    );
  };
  // One batch at a time per process: a second loop on this machine made PostgreSQL slower, not faster.
  await runtime.bus.subscribe('job.found', CONSUMER, store);
}
