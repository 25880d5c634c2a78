import type { SubgraphDefinition } from '@hiregraph/libs/subgraph/service';
import { User } from './users/user.entity.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';

/** The users subgraph: accounts. */
export const usersSubgraph: SubgraphDefinition = {
  name: 'users',
  entities: [User],
  migrations,
  buildSchema,
};
