import type { SubgraphDefinition } from '@hiregraph/libs/subgraph/service';
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

/** The matching subgraph: projections of resumes, jobs and preferences; ranked, explained matches;
 * users' requirements and resume analyses. */
export const matchingSubgraph: SubgraphDefinition = {
  name: 'matching',
  entities: [Match, KnownResume, Requirements, Analysis],
  migrations,
  buildSchema,
  onStart: async (runtime) => {
    await subscribeKnownResumeEvents(runtime);
    await subscribeDeletionEvents(runtime);
    await subscribeResumeProfileEvents(runtime);
    await subscribeJobProfileEvents(runtime);
    await subscribeOwnerPreferenceEvents(runtime);
    await subscribeRequirementsEvents(runtime);
    await subscribeAnalysisEvents(runtime);
    await startAnalysisWorker(runtime);
    const stopReembedding = ReembedService.start(runtime);
    const stopWorker = startMatchWorker(runtime);
    return async () => {
      await stopReembedding();
      await stopWorker();
    };
  },
};
