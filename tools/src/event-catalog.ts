import path from 'node:path';
import { z } from 'zod';
import { eventCatalog } from '@hiregraph/platform/events/catalog';
import { eventEnvelopeSchema } from '@hiregraph/platform/events/envelope';
import { eventSubject } from '@hiregraph/platform/events/bus';
import { liveCatalog, liveStreamName, liveSubject } from '@hiregraph/platform/events/live';
import { EVENT_SCHEMA_DIR, LIVE_SCHEMA_DIR } from './paths.js';

export interface EventDefinition {
  version: number;
  producer: string;
  description: string;
  schema: z.ZodType;
}

/** Subjects depend on EVENT_NAMESPACE, so the index shows them with this placeholder. */
export const NAMESPACE_PLACEHOLDER = '{namespace}';

export function eventSchemaFileName(type: string, version: number): string {
  return `${type}.v${version}.json`;
}

export function eventSchemaId(type: string, version: number): string {
  return `urn:hiregraph:events:${type}:v${version}`;
}

/** The envelope of one event type: `type` and `version` pinned, `data` the type's own schema. */
export function eventEnvelopeOf(type: string, definition: EventDefinition): z.ZodType {
  return eventEnvelopeSchema.extend({
    type: z.literal(type).describe('Event type'),
    version: z.literal(definition.version).describe('Version of the data schema for this type'),
    data: definition.schema,
  });
}

/**
 * JSON Schema of one event as it travels: the envelope with `type` and `version` pinned and `data`
 * replaced by the type's own schema. Exported as the *input* side of the zod schemas, i.e. what
 * consumers accept (unknown extra properties are tolerated, as parseEvent tolerates them).
 */
export function eventJsonSchema(type: string, definition: EventDefinition): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(eventEnvelopeOf(type, definition), { io: 'input' });
  return {
    $schema,
    $id: eventSchemaId(type, definition.version),
    title: `${type} v${definition.version}`,
    description: definition.description,
    'x-producer': definition.producer,
    ...body,
  };
}

/** Every file under schema/events/: one JSON Schema per event type and version, plus index.json. */
export function buildEventCatalogFiles(
  catalog: Record<string, EventDefinition> = eventCatalog,
): Map<string, string> {
  const files = new Map<string, string>();
  const types = Object.entries(catalog).sort(([a], [b]) => a.localeCompare(b));
  for (const [type, definition] of types) {
    files.set(
      path.posix.join(EVENT_SCHEMA_DIR, eventSchemaFileName(type, definition.version)),
      toJsonFile(eventJsonSchema(type, definition)),
    );
  }
  const index = {
    description:
      'Hiregraph domain events. Subjects are `<EVENT_NAMESPACE>.events.<type>` on the JetStream stream ' +
      '`<EVENT_NAMESPACE>_events`; every event travels in the envelope of its schema file.',
    events: types.map(([type, definition]) => ({
      type,
      version: definition.version,
      producer: definition.producer,
      description: definition.description,
      subject: eventSubject(NAMESPACE_PLACEHOLDER, type),
      schema: eventSchemaFileName(type, definition.version),
    })),
  };
  files.set(path.posix.join(EVENT_SCHEMA_DIR, 'index.json'), toJsonFile(index));
  return files;
}

/**
 * The live stream's message families (not domain events: plain JSON, no envelope), one JSON
 * Schema each under schema/events/live/, plus their index.
 */
export function buildLiveCatalogFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const families = Object.entries(liveCatalog).sort(([a], [b]) => a.localeCompare(b));
  for (const [family, definition] of families) {
    const { $schema, ...body } = z.toJSONSchema(definition.schema, { io: 'input' });
    files.set(
      path.posix.join(LIVE_SCHEMA_DIR, eventSchemaFileName(family, definition.version)),
      toJsonFile({
        $schema,
        $id: `urn:hiregraph:live:${family}:v${definition.version}`,
        title: `live ${family} v${definition.version}`,
        description: definition.description,
        'x-producer': definition.producer,
        ...body,
      }),
    );
  }
  const index = {
    description:
      'Hiregraph live messages: data only live subscriptions read, on the JetStream stream ' +
      `\`${liveStreamName('<EVENT_NAMESPACE>')}\` (kept 1 h), subjects \`<EVENT_NAMESPACE>.live.<family>.<key>\`; plain JSON, no envelope.`,
    families: families.map(([family, definition]) => ({
      family,
      version: definition.version,
      producer: definition.producer,
      description: definition.description,
      subject: liveSubject(NAMESPACE_PLACEHOLDER, family as keyof typeof liveCatalog, '{key}'),
      schema: eventSchemaFileName(family, definition.version),
    })),
  };
  files.set(path.posix.join(LIVE_SCHEMA_DIR, 'index.json'), toJsonFile(index));
  return files;
}

function toJsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
