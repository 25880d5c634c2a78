import 'reflect-metadata';
import { runSubgraph } from '@hiregraph/platform/subgraph/main';
import { jobsSubgraph } from './subgraph.js';

await runSubgraph(jobsSubgraph);
