import type { GraphQLScalarType } from 'graphql';
import { Field, Float, ID, Int } from 'type-graphql';
import type { z } from 'zod';
import { codedError, ErrorCode } from '../errors.js';
import { eventCatalog, type EventData, type EventType } from '../events/catalog.js';

/**
 * `subscribe` of every subgraph `@Subscription` field. Subgraphs only declare subscription fields
 * (so they compose into the supergraph and clients see them); the gateway's live bridge serves
 * them from JetStream and resolves their selections through the supergraph. A subscription that
 * reaches a subgraph directly was sent to the wrong place.
 */
export function servedByGateway(): never {
  throw codedError(
    ErrorCode.BadUserInput,
    'Subscriptions are served by the gateway (graphql-ws or SSE on /graphql), not by a subgraph',
  );
}

/** Argument description shared by every resumable subscription field. */
export const AFTER_CURSOR_DESCRIPTION =
  'Replay the events after this cursor (the `cursor` of the last event received), then continue live.';

/** What a subscription payload shows of an event's data, besides every field the catalog declares. */
export interface EventDataFieldOptions<Type extends EventType> {
  /** Data fields the subscriber is not shown (e.g. the owner's id, which is the subscriber's own). */
  omit?: readonly (keyof EventData<Type> & string)[];
  /** GraphQL descriptions of data fields. */
  descriptions?: Partial<Record<keyof EventData<Type> & string, string>>;
}

/**
 * Declares on a subscription's payload class one GraphQL field per data field of the catalog's
 * event (libs/platform/src/events/catalog.ts), so a payload's event fields are described once, in
 * the catalog: uuid → ID, integer → Int, number → Float, string → String, boolean → Boolean,
 * nullable or optional → nullable. A data field of any other kind fails here, at schema build.
 * Call it after the class, whose own fields (cursor, occurredAt, entities) come first.
 */
export function declareEventDataFields<Type extends EventType>(
  payload: abstract new (...args: never[]) => unknown,
  type: Type,
  { omit = [], descriptions = {} }: EventDataFieldOptions<Type> = {},
): void {
  const shape = (eventCatalog[type].schema as z.ZodObject).shape;
  for (const [name, schema] of Object.entries(shape)) {
    if ((omit as readonly string[]).includes(name)) continue;
    const { graphqlType, nullable } = graphqlTypeOf(schema as z.ZodType, `${type}.${name}`);
    const description = (descriptions as Record<string, string | undefined>)[name];
    Field(() => graphqlType, { nullable, ...(description ? { description } : {}) })(
      payload.prototype as object,
      name,
    );
  }
}

type ScalarFieldType = GraphQLScalarType | StringConstructor | BooleanConstructor;

function graphqlTypeOf(schema: z.ZodType, path: string): { graphqlType: ScalarFieldType; nullable: boolean } {
  const def = schema.def as { type: string; innerType?: z.ZodType; format?: string };
  if ((def.type === 'nullable' || def.type === 'optional') && def.innerType)
    return { graphqlType: graphqlTypeOf(def.innerType, path).graphqlType, nullable: true };
  const scalar: ScalarFieldType | undefined =
    def.type === 'string'
      ? def.format === 'uuid'
        ? ID
        : String
      : def.type === 'number'
        ? def.format?.includes('int')
          ? Int
          : Float
        : def.type === 'boolean'
          ? Boolean
          : undefined;
  if (!scalar)
    throw new Error(
      `${path}: no GraphQL type for a ${def.type} data field; omit it and declare it on the payload class`,
    );
  return { graphqlType: scalar, nullable: false };
}
