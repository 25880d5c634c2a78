import { z } from 'zod';
import { stringify } from 'yaml';
import { eventCatalog } from '@hiregraph/platform/events/catalog';
import {
  DeadLetterHeaders,
  eventStreamName,
  eventSubject,
  deadLetterSubject,
} from '@hiregraph/platform/events/bus';
import { liveCatalog, liveStreamName, liveSubject, type LiveFamily } from '@hiregraph/platform/events/live';
import { WebhookHeaders } from '@hiregraph/platform/webhooks/signature';
import { WEBHOOK_USER_AGENT } from '@hiregraph/platform/webhooks/sender';
import {
  emittedWebhookEventTypes,
  WEBHOOK_EVENT_TYPES,
} from '@hiregraph/subgraph-users/notifications/event-types';
import {
  eventEnvelopeOf,
  eventSchemaFileName,
  eventSchemaId,
  NAMESPACE_PLACEHOLDER,
  type EventDefinition,
} from './event-catalog.js';
import { eventConsumers, liveConsumers, type EventConsumer } from './event-consumers.js';

type Json = Record<string, unknown>;

/** `job_import.progress` → `jobImportProgress`: AsyncAPI ids allow letters, digits, `_` and `-` only. */
export function asyncApiId(name: string): string {
  return name.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * AsyncAPI's default schema format is a superset of JSON Schema draft-07, so payloads are exported
 * for draft-07 here (schema/events/ keeps the 2020-12 files, which this document names in `x-json-schema`).
 */
function draft7(schema: z.ZodType): Json {
  const { $schema: _ignored, ...body } = z.toJSONSchema(schema, { io: 'input', target: 'draft-7' });
  return body;
}

const namespaceParameter = {
  description: 'EVENT_NAMESPACE of the deployment (every test run uses its own).',
  default: 'hiregraph',
};

const NATS_HEADERS = {
  type: 'object',
  properties: {
    'Nats-Msg-Id': {
      type: 'string',
      description: 'The event id: JetStream drops a re-published duplicate within the 1 h window.',
    },
    'Hiregraph-Event-Type': { type: 'string', description: 'The event type, as in the envelope.' },
    traceparent: {
      type: 'string',
      description: 'W3C trace context of the request or event that caused this one.',
    },
  },
};

function consumerOperation(channel: string, message: string, consumer: EventConsumer, summary: string): Json {
  return {
    action: 'receive',
    channel: { $ref: `#/channels/${channel}` },
    messages: [{ $ref: `#/channels/${channel}/messages/${message}` }],
    summary,
    ...(consumer.description ? { description: consumer.description } : {}),
    'x-service': consumer.service,
    ...(consumer.service === 'gateway'
      ? {}
      : { 'x-durable-consumer': `${consumer.service}_${consumer.name}` }),
  };
}

/**
 * schema/asyncapi.yaml: every NATS subject the platform uses (domain events, live messages, dead
 * letters) with its payload schema, who sends and who receives it, and the webhook deliveries the
 * platform POSTs to third parties, with their signature headers.
 */
export function buildAsyncApiDocument(
  catalog: Record<string, EventDefinition> = eventCatalog,
  consumers: Map<string, EventConsumer[]> = eventConsumers(),
): Json {
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};

  for (const [type, definition] of Object.entries(catalog).sort(([a], [b]) => a.localeCompare(b))) {
    const id = asyncApiId(type);
    messages[id] = {
      name: type,
      title: `${type} v${definition.version}`,
      summary: definition.description,
      contentType: 'application/json',
      headers: NATS_HEADERS,
      payload: draft7(eventEnvelopeOf(type, definition)),
      'x-json-schema': {
        $id: eventSchemaId(type, definition.version),
        file: `events/${eventSchemaFileName(type, definition.version)}`,
      },
    };
    channels[id] = {
      address: eventSubject(NAMESPACE_PLACEHOLDER, type),
      title: type,
      description: `Domain event \`${type}\` on the JetStream stream \`${eventStreamName('{namespace}')}\`.`,
      parameters: { namespace: namespaceParameter },
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      servers: [{ $ref: '#/servers/nats' }],
    };
    operations[`publish${capitalize(id)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      summary: `${definition.producer} publishes ${type} (through its outbox, once committed).`,
      'x-service': definition.producer,
    };
    for (const consumer of consumers.get(type) ?? []) {
      operations[`${asyncApiId(`${consumer.service}_${consumer.name}`)}Receives${capitalize(id)}`] =
        consumerOperation(id, id, consumer, `${consumer.service} ${consumer.name} receives ${type}.`);
    }
  }

  const live = liveConsumers();
  for (const [family, definition] of Object.entries(liveCatalog).sort(([a], [b]) => a.localeCompare(b))) {
    const id = `live${capitalize(asyncApiId(family))}`;
    messages[id] = {
      name: family,
      title: `live ${family} v${definition.version}`,
      summary: definition.description,
      contentType: 'application/json',
      payload: draft7(definition.schema),
      'x-json-schema': {
        $id: `urn:hiregraph:live:${family}:v${definition.version}`,
        file: `events/live/${eventSchemaFileName(family, definition.version)}`,
      },
    };
    channels[id] = {
      address: liveSubject(NAMESPACE_PLACEHOLDER, family as LiveFamily, '{key}'),
      title: `live ${family}`,
      description: `Live messages (plain JSON, no envelope) on the JetStream stream \`${liveStreamName('{namespace}')}\`, kept one hour.`,
      parameters: {
        namespace: namespaceParameter,
        key: { description: 'What the messages are about, e.g. the conversation id.' },
      },
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      servers: [{ $ref: '#/servers/nats' }],
    };
    operations[`publish${capitalize(id)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      summary: `${definition.producer} publishes ${family}.`,
      'x-service': definition.producer,
    };
    for (const consumer of live.get(family as LiveFamily) ?? []) {
      operations[`${asyncApiId(`${consumer.service}_${consumer.name}`)}Receives${capitalize(id)}`] =
        consumerOperation(id, id, consumer, `${consumer.service} ${consumer.name} receives ${family}.`);
    }
  }

  messages.deadLetter = {
    name: 'dead-letter',
    title: 'Dead letter',
    summary:
      'A message a consumer gave up on: the original bytes, with why and where it came from in headers.',
    contentType: 'application/json',
    headers: {
      type: 'object',
      properties: {
        [DeadLetterHeaders.consumer]: { type: 'string', description: 'The durable consumer that gave up.' },
        [DeadLetterHeaders.originalSubject]: { type: 'string' },
        [DeadLetterHeaders.originalSequence]: {
          type: 'string',
          description: 'Stream sequence of the original message.',
        },
        [DeadLetterHeaders.error]: { type: 'string', description: 'The last error.' },
        [DeadLetterHeaders.deliveries]: {
          type: 'string',
          description: 'How many deliveries were attempted.',
        },
      },
    },
    payload: {
      description: 'The original message body (an event envelope, or what failed to parse as one).',
    },
  };
  channels.deadLetters = {
    address: deadLetterSubject(NAMESPACE_PLACEHOLDER, '{consumer}'),
    title: 'dead letters',
    description:
      'Kept until an operator replays them (`npm run events -- dead-letters`); see docs/events.md.',
    parameters: {
      namespace: namespaceParameter,
      consumer: { description: 'The durable consumer, `<service>_<name>`.' },
    },
    messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
    servers: [{ $ref: '#/servers/nats' }],
  };
  operations.deadLetter = {
    action: 'send',
    channel: { $ref: '#/channels/deadLetters' },
    messages: [{ $ref: '#/channels/deadLetters/messages/deadLetter' }],
    summary: 'Every service dead-letters what its consumers give up on.',
  };

  addWebhooks(channels, operations, messages);

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Hiregraph events and webhooks',
      version: '1.0.0',
      description:
        'Generated by `npm run compose` from the event catalog (libs/platform/src/events/catalog.ts, live.ts) and the webhook ' +
        'code; `npm run schema:check` fails when it is stale. Subjects carry `{namespace}` = EVENT_NAMESPACE. ' +
        'Domain events travel in the envelope of schema/events/<type>.v<version>.json (JSON Schema 2020-12; the ' +
        'payloads here are the same schemas as draft-07). See docs/events.md.',
    },
    servers: {
      nats: {
        host: 'localhost:4222',
        protocol: 'nats',
        description: 'The NATS JetStream server of the deployment (NATS_URL). Internal: services only.',
      },
      webhookReceiver: {
        host: '{receiver}',
        protocol: 'https',
        description: "A third party's endpoint registered with createWebhook (or an analysis callbackUrl).",
        variables: { receiver: { description: 'Host of the registered URL.' } },
      },
    },
    channels,
    operations,
    components: { messages },
  };
}

function addWebhooks(channels: Json, operations: Json, messages: Json): void {
  const headers = {
    type: 'object',
    required: ['content-type', WebhookHeaders.id, WebhookHeaders.timestamp, WebhookHeaders.signature],
    properties: {
      'content-type': { type: 'string', const: 'application/json' },
      'user-agent': { type: 'string', const: WEBHOOK_USER_AGENT },
      [WebhookHeaders.id]: {
        type: 'string',
        description: 'The event id (the same on every retry): drop duplicates by it.',
      },
      [WebhookHeaders.timestamp]: {
        type: 'string',
        pattern: '^[0-9]+$',
        description: 'Unix seconds when this attempt was signed.',
      },
      [WebhookHeaders.signature]: {
        type: 'string',
        pattern: '^v1=[0-9a-f]{64}(, *v1=[0-9a-f]{64})*$',
        description:
          'v1=<hex HMAC-SHA256(secret, "${timestamp}.${body}")>, the key being the whole `whsec_…` secret (UTF-8) ' +
          'and body the raw request body. Verify before parsing, in constant time; refuse old timestamps.',
      },
    },
  };
  const webhookMessages: Json = {};
  for (const type of emittedWebhookEventTypes().sort()) {
    const definition = eventCatalog[type] as EventDefinition;
    const id = `webhook${capitalize(asyncApiId(type))}`;
    messages[id] = {
      name: type,
      title: `Webhook ${type}`,
      summary: WEBHOOK_EVENT_TYPES[type].description,
      contentType: 'application/json',
      headers,
      payload: draft7(
        z.object({
          id: z.string().describe('The event id'),
          type: z.literal(type),
          occurredAt: z.iso.datetime(),
          data: definition.schema,
        }),
      ),
      bindings: { http: { bindingVersion: '0.3.0' } },
    };
    webhookMessages[id] = { $ref: `#/components/messages/${id}` };
  }
  channels.webhookDeliveries = {
    address: null,
    title: 'webhook deliveries',
    description:
      'POSTed to each endpoint a user registered (createWebhook) for the event types it chose, only for events ' +
      'about that user; any 2xx answer is success, redirects are not followed, failures are retried with backoff.',
    messages: webhookMessages,
    servers: [{ $ref: '#/servers/webhookReceiver' }],
  };
  operations.deliverWebhook = {
    action: 'send',
    channel: { $ref: '#/channels/webhookDeliveries' },
    messages: Object.keys(webhookMessages).map((id) => ({
      $ref: `#/channels/webhookDeliveries/messages/${id}`,
    })),
    summary: 'users webhook_sender POSTs one signed delivery per attempt.',
    bindings: { http: { method: 'POST', bindingVersion: '0.3.0' } },
    'x-service': 'users',
  };
  const callback = 'webhookAnalysisCompleted';
  channels.analysisCallback = {
    address: null,
    title: 'analysis callback',
    description:
      'The `callbackUrl` given to analyzeResume receives its one analysis.completed, signed like a webhook.',
    messages: { [callback]: { $ref: `#/components/messages/${callback}` } },
    servers: [{ $ref: '#/servers/webhookReceiver' }],
  };
  operations.deliverAnalysisCallback = {
    action: 'send',
    channel: { $ref: '#/channels/analysisCallback' },
    messages: [{ $ref: `#/channels/analysisCallback/messages/${callback}` }],
    summary: 'matching POSTs analysis.completed to the callbackUrl of the request.',
    bindings: { http: { method: 'POST', bindingVersion: '0.3.0' } },
    'x-service': 'matching',
  };
}

export function buildAsyncApiFile(): string {
  return `# Generated by \`npm run compose\` (tools/src/asyncapi.ts): do not edit.\n${stringify(buildAsyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
