import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { buildSubgraphSchema, printSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import { authChecker } from '../auth/guards.js';
import { servedByGateway } from './live.js';
import { CACHE_CONTROL_DEFINITIONS } from './cache-hints.js';

/** Federation 2 spec link every subgraph schema starts with. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])';

export type ReferenceResolvers = Record<
  string,
  { __resolveReference: (reference: any, context: any, info: any) => unknown }
>;

export interface FederatedSchemaOptions {
  resolvers: BuildSchemaOptions['resolvers'];
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** Builds resolver instances (e.g. with their dependencies passed to the constructor). */
  container?: BuildSchemaOptions['container'];
  /** `__resolveReference` per entity type this subgraph can resolve by key. */
  referenceResolvers?: ReferenceResolvers;
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes: type-graphql produces the schema
 * with its directives, @apollo/subgraph adds the federation fields, and type-graphql's resolvers plus
 * the reference resolvers are wired onto it.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    container: options.container,
    authChecker,
    // Subscription fields are only declared here (the gateway serves them), so nothing publishes.
    pubSub: { publish: servedByGateway, subscribe: servedByGateway },
    validate: false,
    skipCheck: true,
  });
  const typeDefs = gql(
    `${FEDERATION_LINK}\n${CACHE_CONTROL_DEFINITIONS}\n${printSchemaWithDirectives(typeGraphqlSchema)}`,
  );
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as never;
  }
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}

/** The subgraph SDL that composition consumes (with @link and federation directives). */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  return printSubgraphSchema(schema);
}
