import 'reflect-metadata';
import { runSubgraph } from '@hiregraph/platform/subgraph/main';
import { matchingSubgraph } from './subgraph.js';

await runSubgraph(matchingSubgraph);
