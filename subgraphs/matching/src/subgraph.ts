import type { SubgraphDefinition } from '@hiregraph/libs/subgraph/service';
import { Match } from './matches/match.entity.js';
import { KnownResume } from './resumes/known-resume.entity.js';
import { subscribeMatchingEvents } from './resumes/resume-events.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';

/** The matching subgraph: resume–job matches. */
export const matchingSubgraph: SubgraphDefinition = {
  name: 'matching',
  entities: [Match, KnownResume],
  migrations,
  buildSchema,
  onStart: subscribeMatchingEvents,
};
