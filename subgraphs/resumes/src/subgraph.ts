import type { SubgraphDefinition } from '@hiregraph/libs/subgraph/service';
import { Resume } from './resumes/resume.entity.js';
import { ResumeOwner } from './owners/owner.entity.js';
import { subscribeOwnerProjection } from './owners/owner-projection.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';

/** The resumes subgraph: resumes and the owner projection they hang on. */
export const resumesSubgraph: SubgraphDefinition = {
  name: 'resumes',
  entities: [Resume, ResumeOwner],
  migrations,
  buildSchema,
  onStart: subscribeOwnerProjection,
};
