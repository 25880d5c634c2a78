import 'reflect-metadata';
import { runSubgraph } from '@hiregraph/libs/subgraph/main';
import { jobsSubgraph } from './subgraph.js';

await runSubgraph(jobsSubgraph);
