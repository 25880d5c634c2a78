import 'reflect-metadata';
import { runSubgraph } from '@hiregraph/libs/subgraph/main';
import { resumesSubgraph } from './subgraph.js';

await runSubgraph(resumesSubgraph);
