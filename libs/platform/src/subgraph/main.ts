import { createLogger } from '../logger.js';
import { runUntilSignal } from '../lifecycle.js';
import { loadSubgraphConfig, startSubgraph, type SubgraphDefinition } from './service.js';

/** Process entry point of a subgraph: config from env, start, stop cleanly on SIGINT/SIGTERM. */
export async function runSubgraph(definition: SubgraphDefinition): Promise<void> {
  const config = loadSubgraphConfig(definition.name);
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  await runUntilSignal(() => startSubgraph(definition, config), logger, config.SHUTDOWN_TIMEOUT_MS);
}
