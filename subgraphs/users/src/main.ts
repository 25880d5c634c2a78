import 'reflect-metadata';
import { runSubgraph } from '@hiregraph/libs/subgraph/main';
import { usersSubgraph } from './subgraph.js';

await runSubgraph(usersSubgraph);
