import type { Logger } from './logger.js';

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Runs a service until SIGINT/SIGTERM, then stops it once, with a deadline so a stuck dependency
 * cannot keep the process alive forever.
 */
export async function runUntilSignal(
  start: () => Promise<Stoppable>,
  logger: Logger,
  shutdownTimeoutMs: number,
): Promise<void> {
  let service: Stoppable;
  try {
    service = await start();
  } catch (error) {
    logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, shutdownTimeoutMs);
    deadline.unref();
    let code = 0;
    try {
      await service.stop();
      logger.info('stopped');
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      code = 1;
    }
    // Let the last log lines reach stdout before exiting.
    logger.flush(() => process.exit(code));
  };
  // `on`, not `once`: a second Ctrl-C or SIGTERM during the drain must not kill the process mid-way.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
