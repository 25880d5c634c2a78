import { z } from 'zod';
import { eventCatalog } from '@hiregraph/platform/events/catalog';
import { buildEventCatalogFiles, buildLiveCatalogFiles, eventJsonSchema } from './event-catalog.js';

const catalog = {
  'job.closed': {
    version: 2,
    producer: 'jobs',
    description: 'A job stopped taking applications.',
    schema: z.object({ jobId: z.uuid(), reason: z.enum(['filled', 'cancelled']).optional() }),
  },
  'account.created': {
    version: 1,
    producer: 'users',
    description: 'An account exists.',
    schema: z.object({ userId: z.uuid() }),
  },
};

describe('event catalog export', () => {
  it('writes one schema per type and version plus a sorted index', () => {
    const files = buildEventCatalogFiles(catalog);
    expect([...files.keys()]).toEqual([
      'schema/events/account.created.v1.json',
      'schema/events/job.closed.v2.json',
      'schema/events/index.json',
    ]);
    const index = JSON.parse(files.get('schema/events/index.json')!);
    expect(index.events).toEqual([
      {
        type: 'account.created',
        version: 1,
        producer: 'users',
        description: 'An account exists.',
        subject: '{namespace}.events.account.created',
        schema: 'account.created.v1.json',
      },
      expect.objectContaining({ type: 'job.closed', version: 2, subject: '{namespace}.events.job.closed' }),
    ]);
  });

  it('describes the whole envelope with type and version pinned and data from the catalog', () => {
    const schema = eventJsonSchema('job.closed', catalog['job.closed']) as any;
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:hiregraph:events:job.closed:v2',
      title: 'job.closed v2',
      description: 'A job stopped taking applications.',
      'x-producer': 'jobs',
      type: 'object',
      required: ['id', 'type', 'version', 'occurredAt', 'producer', 'data'],
    });
    expect(schema.properties.type.const).toBe('job.closed');
    expect(schema.properties.version.const).toBe(2);
    expect(schema.properties.data).toMatchObject({
      type: 'object',
      properties: { jobId: { type: 'string', format: 'uuid' }, reason: { enum: ['filled', 'cancelled'] } },
      required: ['jobId'],
    });
    expect(Object.keys(schema).slice(0, 5)).toEqual(['$schema', '$id', 'title', 'description', 'x-producer']);
  });

  it('exports every event of the real catalog, as stable JSON', () => {
    const files = buildEventCatalogFiles();
    for (const [type, definition] of Object.entries(eventCatalog)) {
      expect(files.has(`schema/events/${type}.v${definition.version}.json`)).toBe(true);
    }
    expect(buildEventCatalogFiles()).toEqual(files);
    for (const content of files.values()) expect(content.endsWith('}\n')).toBe(true);
  });

  it('exports the live message families apart from the domain events, without an envelope', () => {
    const files = buildLiveCatalogFiles();
    expect([...files.keys()]).toEqual([
      'schema/events/live/assistant.reply.v1.json',
      'schema/events/live/index.json',
    ]);
    const schema = JSON.parse(files.get('schema/events/live/assistant.reply.v1.json')!);
    expect(schema).toMatchObject({ $id: 'urn:hiregraph:live:assistant.reply:v1', 'x-producer': 'matching' });
    expect(schema.required).toEqual(['conversationId', 'replyId', 'sequence', 'token', 'done']);
    expect(schema.properties.data).toBeUndefined();
    const index = JSON.parse(files.get('schema/events/live/index.json')!);
    expect(index.families).toEqual([
      expect.objectContaining({ family: 'assistant.reply', subject: '{namespace}.live.assistant.{key}' }),
    ]);
  });
});
