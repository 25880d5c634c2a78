import type { SubgraphDefinition } from '@hiregraph/platform/subgraph/service';
import { Match } from './matches/match.entity.js';
import { startMatchWorker } from './matches/match.worker.js';
import { KnownResume } from './known-resumes/known-resume.entity.js';
import { Requirements } from './requirements/requirements.entity.js';
import { subscribeRequirementsEvents } from './requirements/requirements.consumers.js';
import { Analysis } from './analyses/analysis.entity.js';
import { subscribeAnalysisEvents } from './analyses/analysis.consumers.js';
import { startAnalysisWorker } from './analyses/analysis.worker.js';
import { subscribeKnownResumeEvents } from './known-resumes/known-resume.consumers.js';
import { subscribeDeletionEvents } from './deletions/deletion.consumers.js';
import { subscribeResumeProfileEvents } from './resume-profiles/resume-profile.consumers.js';
import { subscribeJobProfileEvents } from './job-profiles/job-profile.consumers.js';
import { subscribeOwnerPreferenceEvents } from './owner-preferences/owner-preference.consumers.js';
import { ReembedService } from './reembedding/reembed.service.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';
import { buildMatchingServices, type MatchingServices } from './services.js';

/**
 * The matching subgraph: projections of resumes, jobs and preferences; ranked, explained matches;
 * users' requirements and resume analyses. Its container of services is built once, by
 * createServices, from the runtime's config, and handed to the resolvers and every hook.
 */
export function createMatchingSubgraph(): SubgraphDefinition<MatchingServices> {
  return {
    name: 'matching',
    entities: [Match, KnownResume, Requirements, Analysis],
    migrations,
    createServices: (runtime) => buildMatchingServices(runtime),
    buildSchema: (services) => buildSchema(services),
    onStart: async (runtime, services) => {
      await subscribeKnownResumeEvents(runtime);
      await subscribeDeletionEvents(runtime);
      await subscribeResumeProfileEvents(runtime, services);
      await subscribeJobProfileEvents(runtime, services);
      await subscribeOwnerPreferenceEvents(runtime, services);
      await subscribeRequirementsEvents(runtime);
      await subscribeAnalysisEvents(runtime);
      await startAnalysisWorker(runtime, services);
      const stopReembedding = ReembedService.start(runtime, services);
      const stopWorker = startMatchWorker(runtime, services);
      return async () => {
        await stopReembedding();
        await stopWorker();
      };
    },
  };
}

export const matchingSubgraph = createMatchingSubgraph();
