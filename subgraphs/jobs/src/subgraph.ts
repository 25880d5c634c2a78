import type { SubgraphDefinition } from '@hiregraph/libs/subgraph/service';
import { Job } from './jobs/job.entity.js';
import { subscribeJobEvents } from './jobs/job.consumers.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';

/** The jobs subgraph: job postings. */
export const jobsSubgraph: SubgraphDefinition = {
  name: 'jobs',
  entities: [Job],
  migrations,
  buildSchema,
  onStart: subscribeJobEvents,
};
