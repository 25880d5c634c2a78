import type { EntityManager } from '@mikro-orm/postgresql';
import {
  startSubgraph,
  loadSubgraphConfig,
  type RunningSubgraph,
  type SubgraphDefinition,
} from '../subgraph/service.js';
import { createTestNamespace, type TestNamespace } from './namespace.js';

export interface GraphQLResponse<Data = any> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/** POSTs a GraphQL operation and returns the parsed body (errors included, never thrown). */
export async function graphqlRequest<Data = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<Data>;
}

/** Headers of a request made by the holder of `accessToken` (from `ip`, when given). */
export function bearer(accessToken: string, ip?: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}`, ...(ip ? { 'x-forwarded-for': ip } : {}) };
}

export interface TestSubgraph {
  ns: TestNamespace;
  subgraph: RunningSubgraph;
  graphqlUrl: string;
  query<Data = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<Data>>;
  em(): EntityManager;
  stop(): Promise<void>;
}

/** Starts one subgraph in-process on a free port, against the real services, in its own namespace. */
export async function startTestSubgraph(
  definition: SubgraphDefinition,
  options: { ns?: TestNamespace; env?: Record<string, string> } = {},
): Promise<TestSubgraph> {
  const ns = options.ns ?? createTestNamespace(definition.name);
  const config = loadSubgraphConfig(definition.name, {
    ...process.env,
    ...ns.env,
    [`${definition.name.toUpperCase()}_PORT`]: '0',
    OUTBOX_POLL_INTERVAL_MS: '100',
    EVENT_RETRY_BASE_DELAY_MS: '50',
    ...options.env,
  });
  const subgraph = await startSubgraph(definition, config);
  const graphqlUrl = `${subgraph.url}/graphql`;
  return {
    ns,
    subgraph,
    graphqlUrl,
    query: (query, variables, headers) => graphqlRequest(graphqlUrl, query, variables, headers),
    em: () => subgraph.runtime.orm.em.fork() as EntityManager,
    async stop() {
      await subgraph.stop();
      if (!options.ns) await ns.cleanup();
    },
  };
}

/**
 * SQL that would bring the migrated database in line with the entity metadata; empty when the
 * committed migrations and the entities agree.
 */
export async function schemaDrift(subgraph: RunningSubgraph): Promise<string> {
  const sql = await subgraph.runtime.orm.schema.getUpdateSchemaSQL({ wrap: false, dropTables: false });
  return sql.trim();
}
