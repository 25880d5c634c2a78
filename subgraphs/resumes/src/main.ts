import 'reflect-metadata';
import { runSubgraph } from '@hiregraph/platform/subgraph/main';
import { resumesSubgraph } from './subgraph.js';

await runSubgraph(resumesSubgraph);
