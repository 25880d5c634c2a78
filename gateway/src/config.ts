import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  baseConfigSchema,
  DEFAULT_PORTS,
  loadConfig,
  portSetting,
  trustProxySetting,
  SUBGRAPH_NAMES,
  type SubgraphName,
} from '@hiregraph/libs/config';
import { GATEWAY_QUERY_LIMITS, queryLimitSettings } from '@hiregraph/libs/query-limits';

/** The committed supergraph, found from this package (src/ or dist/ alike) rather than the cwd. */
export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(
  new URL('../../schema/supergraph.graphql', import.meta.url),
);

const optionalUrl = z.string().url().optional();
const optionalPort = z.coerce.number().int().min(0).max(65535).optional();

const subgraphList = z
  .string()
  .default(SUBGRAPH_NAMES.join(','))
  .transform((value) =>
    value
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().refine((name) => (SUBGRAPH_NAMES as readonly string[]).includes(name), 'unknown subgraph'),
      )
      .min(1),
  )
  .transform((names) => names as SubgraphName[]);

export const gatewayConfigSchema = baseConfigSchema.extend({
  GATEWAY_PORT: portSetting(DEFAULT_PORTS.gateway),
  SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH_PATH),
  /** Subgraph URL overrides (e.g. http://10.0.0.5:4001/graphql); win over the supergraph's URLs. */
  USERS_URL: optionalUrl,
  RESUMES_URL: optionalUrl,
  JOBS_URL: optionalUrl,
  MATCHING_URL: optionalUrl,
  /** A subgraph port set here means "that subgraph runs locally on this port". */
  USERS_PORT: optionalPort,
  RESUMES_PORT: optionalPort,
  JOBS_PORT: optionalPort,
  MATCHING_PORT: optionalPort,
  /** A subgraph fetch taking longer than this is aborted and reported as SUBGRAPH_UNAVAILABLE. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * Express `trust proxy`: whether the client address comes from X-Forwarded-For (set by a load
   * balancer in front) or is the TCP peer. Off by default, so clients cannot pick their own address
   * and slip past the subgraphs' per-IP limits. Accepts true/false, a hop count, or addresses/subnets.
   */
  TRUST_PROXY: trustProxySetting('false'),
  /** DEV_MODE only: the subgraphs to introspect and compose (comma list), and how often to re-check them. */
  DEV_SUBGRAPHS: subgraphList,
  DEV_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(2_000),
  /** Live subscriptions: how often each connection's session is checked for revocation. */
  LIVE_AUTH_CHECK_MS: z.coerce.number().int().positive().default(5_000),
  /** Live subscriptions: selection-set resolutions (queries through the gateway) running at once. */
  LIVE_MAX_CONCURRENT_RESOLUTIONS: z.coerce.number().int().positive().default(64),
  /** Live subscriptions: events a subscription may have waiting for a slow client before it is closed. */
  LIVE_CLIENT_BUFFER_EVENTS: z.coerce.number().int().positive().default(256),
  /** Live subscriptions: bytes a connection may have unsent in its socket before it is closed. */
  LIVE_CLIENT_BUFFER_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /**
   * Live subscriptions: how long a closed WebSocket may take to finish its close handshake before it
   * is cut. A slow client's close frame waits behind everything it has not read, so without this
   * cut its unsent data would stay in memory as long as it stays connected.
   */
  LIVE_CLOSE_GRACE_MS: z.coerce.number().int().positive().default(2_000),
  /** Live subscriptions: how often a subject's consumer is checked for having silently stopped. */
  LIVE_WATCHDOG_MS: z.coerce.number().int().positive().default(5_000),
  /** Live subscriptions: operations one WebSocket may have running (more: TOO_MANY_SUBSCRIPTIONS). */
  LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().positive().default(100),
  /**
   * Live subscriptions: how far back a cursor may resume (each replay reads the event type's whole
   * subject, every user's events, from the cursor on). An older cursor gets CURSOR_EXPIRED with the
   * oldest one still served; `after: "0"` replays this window only.
   */
  LIVE_REPLAY_WINDOW_MS: z.coerce.number().int().positive().default(3_600_000),
  ...queryLimitSettings(GATEWAY_QUERY_LIMITS),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}

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
