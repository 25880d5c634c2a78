import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { observeJob } from '@hiregraph/platform/observability/metrics';
import type { MatchingServices } from '../services.js';
import { AnalysisService } from './analysis.service.js';

/**
 * Works `analysis.requested` (internal to matching): completes the analysis, then delivers its
 * callback. A failed callback throws, so JetStream redelivers the request with backoff; the
 * completion is not repeated (it is conditional on IN_PROGRESS), only the delivery. The last
 * delivery JetStream allows records the callback as FAILED instead.
 */
export async function startAnalysisWorker(
  runtime: SubgraphRuntime,
  services: MatchingServices,
): Promise<void> {
  await runtime.bus.subscribe('analysis.requested', 'analysis_worker', async (event, msg) => {
    await observeJob('ai_analysis', () => AnalysisService.complete(runtime, services, event.data.analysisId));
    await AnalysisService.deliver(
      runtime,
      services,
      event.data.analysisId,
      msg.info.deliveryCount >= runtime.config.EVENT_MAX_DELIVER,
    );
  });
}
