import type { EntityManager } from '@mikro-orm/postgresql';
import { handleOnce } from '@hiregraph/libs/events/idempotent';
import { ensureBucket } from '@hiregraph/libs/s3';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { importSettings } from './import.settings.js';
import { importPipeline } from './import.pipeline.js';
import type { StoredBatch } from './job-ingestion.js';

const CONSUMER = 'job_ingestion';

/**
 * job.found → normalize → bulk upsert → job.upserted / job.closed, once per batch (handleOnce). The
 * Redis dedupe keys are written after the batch commits, so they never claim what was not stored.
 */
export async function subscribeImportEvents(runtime: SubgraphRuntime): Promise<void> {
  const settings = importSettings(runtime.config);
  await ensureBucket(runtime.storage, settings.JOBS_RAW_HTML_BUCKET, runtime.config.S3_REGION);
  const { ingestion } = importPipeline(runtime);
  await runtime.bus.subscribe('job.found', CONSUMER, async (event) => {
    let stored: StoredBatch | undefined;
    const applied = await handleOnce(runtime.orm.em as EntityManager, CONSUMER, event, async (tx) => {
      stored = await ingestion.storeBatch(tx, event);
    });
    if (!applied || !stored) return;
    void runtime.outbox.wake();
    await ingestion.remember(stored);
  });
}
