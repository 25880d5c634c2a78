import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import { AnalysisService } from './analysis.service.js';

/** Analyses go with their resume or account. */
export async function subscribeAnalysisEvents(runtime: SubgraphRuntime): Promise<void> {
  await consumeOnce(runtime, 'resume.deleted', 'analysis_resume_deletion', (event, tx) =>
    AnalysisService.forgetResume(tx, event.data.resumeId),
  );
  await consumeOnce(runtime, 'user.deleted', 'analysis_owner_deletion', (event, tx) =>
    AnalysisService.forgetOwner(tx, event.data.userId),
  );
}
