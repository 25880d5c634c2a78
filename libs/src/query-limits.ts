import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationRule } from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { z } from 'zod';
import { queryTooComplex } from './errors.js';

export interface QueryLimits {
  QUERY_MAX_DEPTH: number;
  QUERY_MAX_ALIASES: number;
  QUERY_MAX_COST: number;
  QUERY_MAX_TOKENS: number;
  QUERY_MAX_DIRECTIVES: number;
}

/** What a client may send the gateway: generous for real screens, far below abuse. */
export const GATEWAY_QUERY_LIMITS: QueryLimits = {
  QUERY_MAX_DEPTH: 12,
  QUERY_MAX_ALIASES: 20,
  QUERY_MAX_COST: 5_000,
  QUERY_MAX_TOKENS: 2_000,
  QUERY_MAX_DIRECTIVES: 50,
};

/**
 * Subgraphs answer the gateway's planned queries, which are larger than what the client sent: an
 * `_entities` fetch adds two levels, fragments are inlined at every use (more tokens) and
 * `__typename` is added everywhere (more cost). Looser than the gateway's, but still a hard bound
 * for anyone who reaches a subgraph directly.
 */
export const SUBGRAPH_QUERY_LIMITS: QueryLimits = {
  QUERY_MAX_DEPTH: 16,
  QUERY_MAX_ALIASES: 40,
  QUERY_MAX_COST: 20_000,
  QUERY_MAX_TOKENS: 20_000,
  QUERY_MAX_DIRECTIVES: 200,
};

const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Config keys (QUERY_MAX_*) with the defaults of a gateway or a subgraph. */
export function queryLimitSettings(defaults: QueryLimits) {
  return {
    /** Deepest field nesting of an operation (introspection excepted). */
    QUERY_MAX_DEPTH: limit(defaults.QUERY_MAX_DEPTH),
    /** Aliases in an operation (`__typename` excepted): stops one request asking for a field 500 times. */
    QUERY_MAX_ALIASES: limit(defaults.QUERY_MAX_ALIASES),
    /** graphql-armor's static cost: objects 2, scalars 1, ×1.5 per level, × `first`/`last` of lists. */
    QUERY_MAX_COST: limit(defaults.QUERY_MAX_COST),
    /** Lexical tokens in the document, checked while parsing. */
    QUERY_MAX_TOKENS: limit(defaults.QUERY_MAX_TOKENS),
    QUERY_MAX_DIRECTIVES: limit(defaults.QUERY_MAX_DIRECTIVES),
  };
}

/** Refusals become QUERY_TOO_COMPLEX (HTTP 400) instead of armor's uncoded errors. */
const refuse = (_context: unknown, error: GraphQLError): never => {
  throw queryTooComplex(error.message.replace(/^Syntax Error: /, ''));
};

/** graphql-armor's plugins and validation rules for an ApolloServer, enforcing `limits`. */
export function queryLimitProtection<Context extends BaseContext>(
  limits: QueryLimits,
): { plugins: ApolloServerPlugin<Context>[]; validationRules: ValidationRule[] } {
  const onReject = [refuse];
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.QUERY_MAX_DEPTH, onReject },
    maxAliases: { n: limits.QUERY_MAX_ALIASES, onReject },
    costLimit: { maxCost: limits.QUERY_MAX_COST, onReject },
    maxTokens: { n: limits.QUERY_MAX_TOKENS, onReject },
    maxDirectives: { n: limits.QUERY_MAX_DIRECTIVES, onReject },
    // Field suggestions stay: the schema is public (the explorer serves it).
    blockFieldSuggestion: { enabled: false },
  }).protect();
  // Armor's plugins never read the context, so they fit a server of any context type.
  return { plugins: plugins as ApolloServerPlugin<Context>[], validationRules };
}
