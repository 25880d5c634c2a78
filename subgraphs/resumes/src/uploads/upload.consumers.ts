import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { UploadTextService } from './upload-text.service.js';

export const UPLOAD_TEXT_CONSUMER = 'upload_text_for_requirements';

/**
 * Matching's requirements from a file ask for the upload's text. Not consumeOnce: the extraction
 * runs outside a transaction and the answer is written once by the service itself (handleOnce).
 */
export async function subscribeUploadEvents(runtime: SubgraphRuntime): Promise<void> {
  await runtime.bus.subscribe('requirements.upload_submitted', UPLOAD_TEXT_CONSUMER, async (event) => {
    await new UploadTextService(runtime.orm.em as EntityManager, runtime).extractForRequirements(
      event,
      UPLOAD_TEXT_CONSUMER,
    );
  });
}
