import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { z } from 'zod';
import { codedError, ErrorCode, queryTooComplex } from './errors.js';

export interface QueryLimits {
  QUERY_MAX_DEPTH: number;
  QUERY_MAX_ALIASES: number;
  QUERY_MAX_COST: number;
  QUERY_MAX_TOKENS: number;
  QUERY_MAX_DIRECTIVES: number;
}

/**
 * What a client may send the gateway: generous for real screens, far below abuse. A page of 100
 * jobs selecting every field costs about 29,000, a page of 100 structured resumes (a dozen nested
 * section lists) far more; a list nested in a list of 100 multiplies by 100.
 */
export const GATEWAY_QUERY_LIMITS: QueryLimits = {
  QUERY_MAX_DEPTH: 12,
  QUERY_MAX_ALIASES: 20,
  QUERY_MAX_COST: 400_000,
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
  QUERY_MAX_COST: 1_600_000,
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
    /**
     * graphql-armor's static cost: objects 2, scalars 1, ×1.5 per level, × `first`/`last` of lists
     * (when written in the document; a variable counts as 1, and the resolvers cap `first` at 100).
     */
    QUERY_MAX_COST: limit(defaults.QUERY_MAX_COST),
    /** Lexical tokens in the document, checked while parsing. */
    QUERY_MAX_TOKENS: limit(defaults.QUERY_MAX_TOKENS),
    QUERY_MAX_DIRECTIVES: limit(defaults.QUERY_MAX_DIRECTIVES),
  };
}

/**
 * graphql-armor's validation rules for `limits`, and graphql-js's own token limit for the parser.
 * A refusal is reported as a validation error coded QUERY_TOO_COMPLEX with the limit and its
 * maximum (HTTP 400; `maskUnexpectedErrors` keeps the code), never thrown: Apollo answers an error
 * thrown from a rule or a parsing hook with HTTP 500. For that reason too the token limit is
 * Apollo's `parseOptions.maxTokens` rather than armor's parsing plugin.
 */
export function queryLimitProtection(limits: QueryLimits): {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
} {
  const refuse =
    (limit: string, max: number) =>
    (context: ValidationContext | null, error: GraphQLError): void => {
      context?.reportError(queryTooComplex(error.message.replace(/^Syntax Error: /, ''), limit, max));
    };
  const rule = (limit: string, max: number) => ({
    onReject: [refuse(limit, max)],
    propagateOnRejection: false,
  });
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: limits.QUERY_MAX_DEPTH, ...rule('depth', limits.QUERY_MAX_DEPTH) },
    maxAliases: { n: limits.QUERY_MAX_ALIASES, ...rule('aliases', limits.QUERY_MAX_ALIASES) },
    costLimit: { maxCost: limits.QUERY_MAX_COST, ...rule('cost', limits.QUERY_MAX_COST) },
    maxDirectives: { n: limits.QUERY_MAX_DIRECTIVES, ...rule('directives', limits.QUERY_MAX_DIRECTIVES) },
    maxTokens: { enabled: false },
    // Field suggestions stay: the schema is public (the explorer serves it).
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules, parseOptions: { maxTokens: limits.QUERY_MAX_TOKENS } };
}

/** graphql-js's refusal when a document exceeds `parseOptions.maxTokens` (16.x spells it "more that"). */
const TOO_MANY_TOKENS = /Document contains more tha[nt] (\d+) tokens/;

/**
 * Parses and validates a document outside Apollo (the gateway's subscriptions) with the same limits
 * as HTTP: a refusal is one QUERY_TOO_COMPLEX error with the limit and its maximum (without Apollo's
 * HTTP status, which means nothing on a socket); other failures keep graphql's own messages and
 * GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED.
 */
export function parseWithLimits(
  schema: GraphQLSchema,
  source: string,
  protection: { validationRules: ValidationRule[]; parseOptions: ParseOptions },
): { document: DocumentNode; errors?: undefined } | { errors: GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(source, { ...protection.parseOptions, noLocation: true });
  } catch (error) {
    const tokens = TOO_MANY_TOKENS.exec((error as Error).message);
    if (tokens) {
      const max = Number(tokens[1]);
      return { errors: [limitError(`Token limit of ${max} exceeded.`, 'tokens', max)] };
    }
    return { errors: [codedError('GRAPHQL_PARSE_FAILED' as ErrorCode, (error as Error).message)] };
  }
  const errors = validate(schema, document, [...specifiedRules, ...protection.validationRules]);
  if (errors.length === 0) return { document };
  const refusal = errors.find((error) => error.extensions.code === ErrorCode.QueryTooComplex);
  if (refusal) {
    const { limit, max } = refusal.extensions as { limit: string; max: number };
    return { errors: [limitError(refusal.message, limit, max)] };
  }
  return {
    errors: errors.map((error) => codedError('GRAPHQL_VALIDATION_FAILED' as ErrorCode, error.message)),
  };
}

const limitError = (message: string, limit: string, max: number) =>
  codedError(ErrorCode.QueryTooComplex, message, { limit, max });
