import 'reflect-metadata';
import { runSubgraph } from '@hiregraph/platform/subgraph/main';
import { usersSubgraph } from './subgraph.js';

await runSubgraph(usersSubgraph);
