import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import type { ResumesServices } from '../services.js';

export const UPLOAD_TEXT_CONSUMER = 'upload_text_for_requirements';

/**
 * Matching's requirements from a file ask for the upload's text. Not consumeOnce: the extraction
 * runs outside a transaction and the answer is written once by the service itself (handleOnce).
 */
export async function subscribeUploadTextEvents(
  runtime: SubgraphRuntime,
  services: Pick<ResumesServices, 'uploadText'>,
): Promise<void> {
  await runtime.bus.subscribe('requirements.upload_submitted', UPLOAD_TEXT_CONSUMER, async (event) => {
    await services
      .uploadText(runtime.orm.em as EntityManager)
      .extractForRequirements(event, UPLOAD_TEXT_CONSUMER);
  });
}
