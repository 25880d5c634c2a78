import { createLogger } from '@hiregraph/platform/logger';
import { runUntilSignal } from '@hiregraph/platform/lifecycle';
import { loadGatewayEnvironment } from './environment.js';
import { startGateway } from './gateway.js';

const config = loadGatewayEnvironment();
const logger = createLogger('gateway', config.LOG_LEVEL);

await runUntilSignal(
  async () => {
    const gateway = await startGateway(config, logger);
    logger.info(`Gateway ready at ${gateway.graphqlUrl}`);
    return gateway;
  },
  logger,
  config.SHUTDOWN_TIMEOUT_MS,
);
