import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import { RequirementsService } from './requirements.service.js';

/** A deleted account takes its job descriptions with it; an upload's text completes its requirements. */
export async function subscribeRequirementsEvents(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'user.deleted', 'requirements_owner_deletion', (event, tx) =>
    RequirementsService.forgetOwner(tx, event.data.userId),
  );
  await consumeOnce(runtime, 'upload.text_extracted', 'requirements_upload_text', (event, tx) =>
    RequirementsService.completeExtraction(tx, event.data),
  );
}
