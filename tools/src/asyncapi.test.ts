import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser, type Diagnostic } from '@asyncapi/parser';
import { parse as parseYaml, stringify } from 'yaml';
import { eventCatalog } from '@hiregraph/platform/events/catalog';
import { eventSubject } from '@hiregraph/platform/events/bus';
import { liveCatalog, liveSubject, type LiveFamily } from '@hiregraph/platform/events/live';
import { WebhookHeaders } from '@hiregraph/platform/webhooks/signature';
import { emittedWebhookEventTypes } from '@hiregraph/subgraph-users/notifications/event-types';
import { asyncApiId, buildAsyncApiDocument, buildAsyncApiFile } from './asyncapi.js';
import { NAMESPACE_PLACEHOLDER } from './event-catalog.js';
import { ASYNCAPI_FILE, REPO_ROOT } from './paths.js';

/** Severity 0 is an error in the parser's (Spectral's) diagnostics. */
async function errorsOf(text: string): Promise<Diagnostic[]> {
  const { diagnostics } = await new Parser().parse(text);
  return diagnostics.filter((diagnostic) => diagnostic.severity === 0);
}

/** Every subject the platform publishes, as the catalog names them. */
function catalogSubjects(): string[] {
  return [
    ...Object.keys(eventCatalog).map((type) => eventSubject(NAMESPACE_PLACEHOLDER, type)),
    ...Object.keys(liveCatalog).map((family) =>
      liveSubject(NAMESPACE_PLACEHOLDER, family as LiveFamily, '{key}'),
    ),
  ];
}

function subjectsMissingFrom(document: Record<string, any>): string[] {
  const addresses = new Set(Object.values(document.channels).map((channel: any) => channel.address));
  return catalogSubjects().filter((subject) => !addresses.has(subject));
}

describe('AsyncAPI document', () => {
  const document = buildAsyncApiDocument() as Record<string, any>;

  it('is valid AsyncAPI 3.0 for @asyncapi/parser: no errors', async () => {
    const text = buildAsyncApiFile();
    expect(parseYaml(text).asyncapi).toBe('3.0.0');
    expect(await errorsOf(text)).toEqual([]);
  });

  it('the parser does report a broken document (so the check above can fail)', async () => {
    const broken = structuredClone(document) as any;
    broken.operations.deliverWebhook.action = 'post';
    delete broken.channels.userRegistered.messages;
    const errors = await errorsOf(stringify(broken));
    expect(errors.length).toBeGreaterThan(0);
  });

  it('has a channel for every catalog subject, and the check notices a missing one', () => {
    expect(catalogSubjects().length).toBe(Object.keys(eventCatalog).length + Object.keys(liveCatalog).length);
    expect(subjectsMissingFrom(document)).toEqual([]);

    const withoutOne = structuredClone(document) as any;
    delete withoutOne.channels[asyncApiId('match.found')];
    expect(subjectsMissingFrom(withoutOne)).toEqual([eventSubject(NAMESPACE_PLACEHOLDER, 'match.found')]);
  });

  it("embeds each event's envelope and data schema as the message payload", () => {
    const message = document.components.messages[asyncApiId('user.registered')];
    expect(message.payload.properties.type).toEqual(expect.objectContaining({ const: 'user.registered' }));
    expect(message.payload.properties.data.required).toEqual(['userId', 'email', 'fullName']);
    expect(message['x-json-schema'].file).toBe('events/user.registered.v1.json');
  });

  it('sends each event from its producer and receives it in each consumer, gateway subscriptions included', () => {
    const operations = Object.values(document.operations) as any[];
    const on = (channel: string) =>
      operations.filter((operation) => operation.channel.$ref === `#/channels/${channel}`);
    const userDeleted = on(asyncApiId('user.deleted'));
    expect(userDeleted.filter((o) => o.action === 'send').map((o) => o['x-service'])).toEqual(['users']);
    expect(userDeleted.filter((o) => o.action === 'receive').map((o) => o['x-durable-consumer'])).toEqual(
      expect.arrayContaining(['resumes_owner_deletion', 'jobs_poster_deletion', 'matching_owner_deletion']),
    );
    const matchFound = on(asyncApiId('match.found')).filter((o) => o.action === 'receive');
    expect(matchFound.map((o) => `${o['x-service']}:${o.summary}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^gateway:gateway matchFound/)]),
    );
    const reply = on('liveAssistantReply').filter((o) => o.action === 'receive');
    expect(reply.map((o) => o['x-service'])).toEqual(['gateway']);
  });

  it('describes the webhook POSTs with their signature headers and one message per webhook type', () => {
    const channel = document.channels.webhookDeliveries;
    expect(Object.keys(channel.messages).sort()).toEqual(
      emittedWebhookEventTypes()
        .map((type) => `webhook${asyncApiId(type).replace(/^./, (c) => c.toUpperCase())}`)
        .sort(),
    );
    const message = document.components.messages.webhookMatchFound;
    expect(message.headers.required).toEqual(
      expect.arrayContaining([WebhookHeaders.id, WebhookHeaders.timestamp, WebhookHeaders.signature]),
    );
    expect(Object.keys(message.payload.properties)).toEqual(['id', 'type', 'occurredAt', 'data']);
    expect(document.operations.deliverWebhook.bindings.http.method).toBe('POST');
  });

  it('is what schema/asyncapi.yaml holds (npm run compose writes it)', async () => {
    expect(await readFile(path.join(REPO_ROOT, ASYNCAPI_FILE), 'utf8')).toBe(buildAsyncApiFile());
  });
});
