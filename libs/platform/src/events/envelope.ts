import { z } from 'zod';
import { newId } from '../ids.js';
import { currentTraceparent } from '../trace.js';
import { eventCatalog, type EventType, type EventData } from './catalog.js';

/** The envelope every domain event travels in, on the wire and in the outbox. */
export const eventEnvelopeSchema = z.object({
  id: z.uuid({ version: 'v7' }).describe('UUIDv7 of this event; also the JetStream Nats-Msg-Id'),
  type: z.string().describe('Event type, e.g. user.registered'),
  version: z.number().int().min(1).describe('Version of the data schema for this type'),
  occurredAt: z.iso.datetime().describe('When the change committed (ISO 8601, UTC)'),
  producer: z.string().describe('Service that produced the event'),
  data: z.unknown(),
  traceparent: z.string().optional().describe('W3C trace context of the request that caused it'),
});

export type EventEnvelope<Type extends EventType = EventType> = {
  id: string;
  type: Type;
  version: number;
  occurredAt: string;
  producer: string;
  data: EventData<Type>;
  traceparent?: string;
};

export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/**
 * Builds an envelope, validating `data` against the catalog so a bad event never leaves the process.
 * The trace context is the current request's or event's unless given.
 */
export function createEvent<Type extends EventType>(
  type: Type,
  data: EventData<Type>,
  options: { producer: string; traceparent?: string; occurredAt?: Date },
): EventEnvelope<Type> {
  const definition = eventCatalog[type];
  const parsed = definition.schema.safeParse(data);
  if (!parsed.success) throw new InvalidEventError(`Invalid ${type} data: ${parsed.error.message}`);
  return {
    id: newId(),
    type,
    version: definition.version,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    producer: options.producer,
    data: parsed.data as EventData<Type>,
    ...((options.traceparent ?? currentTraceparent())
      ? { traceparent: options.traceparent ?? currentTraceparent() }
      : {}),
  };
}

/** Parses bytes from the bus into an envelope whose data matches the catalog. */
export function parseEvent(raw: string): EventEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new InvalidEventError('Event is not JSON');
  }
  const envelope = eventEnvelopeSchema.safeParse(json);
  if (!envelope.success) throw new InvalidEventError(`Invalid envelope: ${envelope.error.message}`);
  const type = envelope.data.type;
  if (!(type in eventCatalog)) throw new InvalidEventError(`Unknown event type ${type}`);
  const data = eventCatalog[type as EventType].schema.safeParse(envelope.data.data);
  if (!data.success) throw new InvalidEventError(`Invalid ${type} data: ${data.error.message}`);
  return { ...envelope.data, type: type as EventType, data: data.data } as EventEnvelope;
}
