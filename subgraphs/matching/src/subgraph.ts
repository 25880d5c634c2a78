import type { SubgraphDefinition } from '@hiregraph/libs/subgraph/service';
import { Match } from './matches/match.entity.js';
import { subscribeMatchEvents } from './matches/match.consumers.js';
import { KnownResume } from './known-resumes/known-resume.entity.js';
import { subscribeKnownResumeEvents } from './known-resumes/known-resume.consumers.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';

/** The matching subgraph: resume–job matches. */
export const matchingSubgraph: SubgraphDefinition = {
  name: 'matching',
  entities: [Match, KnownResume],
  migrations,
  buildSchema,
  onStart: async (runtime) => {
    await subscribeKnownResumeEvents(runtime);
    await subscribeMatchEvents(runtime);
  },
};
