import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { observeJob } from '@hiregraph/platform/observability/metrics';
import type { ResumesServices } from '../services.js';

/**
 * The import worker: one durable consumer of `resume.import_requested`. Not consumeOnce: the
 * extraction runs outside a transaction, and the write is idempotent by itself (it only changes a
 * resume that is still PROCESSING). A throw (S3 or database trouble) is redelivered with backoff.
 */
export async function subscribeImportWorker(
  runtime: SubgraphRuntime,
  services: Pick<ResumesServices, 'imports'>,
): Promise<void> {
  await runtime.bus.subscribe('resume.import_requested', 'import_worker', (event) =>
    observeJob('resume_import', () =>
      services.imports(runtime.orm.em.fork() as EntityManager).process(event),
    ),
  );
}
