import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '@hiregraph/platform/config';
import {
  DEFAULT_SUPERGRAPH_PATH,
  gatewayEnvironmentSchema,
  loadGatewayEnvironment,
  type GatewayEnvironment,
} from './environment.js';

/**
 * The gateway's settings (parsed by environment.ts, the only reader of the environment) under the names
 * tests, tools and the bench import, and what the gateway derives from them.
 */
export { DEFAULT_SUPERGRAPH_PATH };
export const gatewayConfigSchema = gatewayEnvironmentSchema;
export type GatewayConfig = GatewayEnvironment;
export const loadGatewayConfig = loadGatewayEnvironment;

function localSubgraphUrl(port: number): string {
  return `http://127.0.0.1:${port}/graphql`;
}

type UpperName = Uppercase<SubgraphName>;

/** The URL configured for a subgraph (`<NAME>_URL`, else `<NAME>_PORT` on this machine), if any. */
export function configuredSubgraphUrl(config: GatewayConfig, name: string): string | undefined {
  if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) return undefined;
  const upper = name.toUpperCase() as UpperName;
  const url = config[`${upper}_URL`];
  if (url) return url;
  const port = config[`${upper}_PORT`];
  return port === undefined ? undefined : localSubgraphUrl(port);
}

/** Where DEV_MODE introspects a subgraph: its configured URL, else its documented local port. */
export function devSubgraphUrl(config: GatewayConfig, name: SubgraphName): string {
  return configuredSubgraphUrl(config, name) ?? localSubgraphUrl(DEFAULT_PORTS[name]);
}
