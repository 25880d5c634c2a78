import 'reflect-metadata';
import { runSubgraph } from '@hiregraph/libs/subgraph/main';
import { matchingSubgraph } from './subgraph.js';

await runSubgraph(matchingSubgraph);
