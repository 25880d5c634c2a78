import { readFile } from 'node:fs/promises';
import { Kind, parse, type FieldDefinitionNode, type TypeNode } from 'graphql';
import { EVENT_TYPES } from '@hiregraph/platform/events/catalog';
import { DEFAULT_SUPERGRAPH_PATH } from '../environment.js';
import { LIVE_FIELDS } from './registry.js';

const namedType = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);

/** Object types of the published supergraph: name → its fields. */
async function supergraphTypes(): Promise<Map<string, readonly FieldDefinitionNode[]>> {
  const document = parse(await readFile(DEFAULT_SUPERGRAPH_PATH, 'utf8'));
  const types = new Map<string, readonly FieldDefinitionNode[]>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION)
      types.set(definition.name.value, definition.fields ?? []);
  }
  return types;
}

describe('live registry', () => {
  it('serves every subscription of the supergraph, each payload field coming from the event or an entity', async () => {
    const types = await supergraphTypes();
    const subscriptions = types.get('Subscription') ?? [];
    expect(subscriptions.map((field) => field.name.value).sort()).toEqual(Object.keys(LIVE_FIELDS).sort());
    for (const field of subscriptions) {
      const live = LIVE_FIELDS[field.name.value];
      expect({ field: field.name.value, payloadType: namedType(field.type) }).toEqual({
        field: field.name.value,
        payloadType: live.payloadType,
      });
      for (const type of live.eventTypes) expect(EVENT_TYPES).toContain(type);
      // An event with no data: the payload still names every field it fills (null here).
      const fromEvent = Object.keys(live.payload({ data: {}, occurredAt: new Date(0).toISOString() }));
      const declared = (types.get(live.payloadType) ?? []).map((payloadField) => payloadField.name.value);
      expect({
        type: live.payloadType,
        fields: [...fromEvent, ...Object.keys(live.entities), 'cursor'].sort(),
      }).toEqual({
        type: live.payloadType,
        fields: [...declared].sort(),
      });
    }
  });

  it('reads payload fields and entity keys from the catalog data, renamed where the schema says so', () => {
    const event = {
      data: {
        analysisId: 'a1',
        resumeId: 'r1',
        ownerId: 'o1',
        status: 'FAILED',
        score: null,
        verdict: null,
        reason: 'no text',
      },
      occurredAt: '2026-01-01T00:00:00.000Z',
    };
    const analysis = LIVE_FIELDS.analysisCompleted;
    expect(analysis.payload(event)).toEqual({
      analysisId: 'a1',
      status: 'FAILED',
      score: null,
      verdict: null,
      failureReason: 'no text',
      occurredAt: '2026-01-01T00:00:00.000Z',
    });
    expect(analysis.entities.analysis.key(event)).toBe('a1');
    expect(analysis.matches(event, { analysisId: 'a1' })).toBe(true);
    expect(analysis.matches(event, { analysisId: 'a2' })).toBe(false);
    const reply = {
      data: { conversationId: 'c1', replyId: 'p1', sequence: 0, token: 'Hi', done: false },
      occurredAt: '',
    };
    expect(LIVE_FIELDS.assistantReply.payload(reply)).toEqual({
      conversationId: 'c1',
      replyId: 'p1',
      sequence: 0,
      token: 'Hi',
      done: false,
      answerLength: null,
    });
  });
});
