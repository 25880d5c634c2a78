import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { parse, printSchema, type GraphQLError, type GraphQLSchema } from 'graphql';

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

export interface ComposedSupergraph {
  supergraphSdl: string;
  /** Composition hints (not errors), one readable line each. */
  hints: string[];
}

/** Composition failed; the message lists every error with its code and subgraph-located text. */
export class CompositionError extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(
      `Supergraph composition failed with ${errors.length} error(s):\n${errors.map(describe).join('\n')}`,
    );
    this.name = 'CompositionError';
  }
}

function describe(error: GraphQLError): string {
  const code = error.extensions?.code;
  return `  - ${code ? `[${String(code)}] ` : ''}${error.message}`;
}

export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): ComposedSupergraph {
  const services = subgraphs.map(({ name, url, sdl }) => {
    try {
      return { name, url, typeDefs: parse(sdl) };
    } catch (error) {
      throw new Error(`The ${name} subgraph SDL does not parse: ${(error as Error).message}`);
    }
  });
  const result = composeServices(services);
  if (result.errors) throw new CompositionError(result.errors);
  return {
    supergraphSdl: result.supergraphSdl.endsWith('\n') ? result.supergraphSdl : `${result.supergraphSdl}\n`,
    hints: result.hints.map((hint) => `[${hint.definition.code}] ${hint.message}`),
  };
}

/**
 * The schema clients see: the supergraph without its join__/link__ machinery and @inaccessible
 * elements. Schema diffs compare these, so federation plumbing never reads as an API change.
 */
export function supergraphApiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** schema/api.graphql: the API schema printed as SDL, descriptions included. */
export function printApiSchema(supergraphSdl: string): string {
  return `${printSchema(supergraphApiSchema(supergraphSdl))}\n`;
}
