import { buildSchema } from 'graphql';
import { createLogger } from '@hiregraph/platform/logger';
import { LiveBridge } from './bridge.js';
import type { EventHub } from './event-hub.js';

const SCHEMA = buildSchema(`
  type Query { ok: Boolean }
  type Status { cursor: String! detail: String }
  type Subscription { resumeStatus(resumeId: ID!, after: String): Status! }
`);
const QUERY = 'subscription ($id: ID!) { resumeStatus(resumeId: $id) { cursor detail } }';

function bridge(): LiveBridge {
  const live = new LiveBridge({
    hub: {} as EventHub,
    runQuery: async () => ({ data: null }),
    logger: createLogger('bridge-test', 'silent'),
    maxConcurrentResolutions: 1,
    clientBufferEvents: 8,
    clientBufferBytes: 1024,
    queryLimits: { validationRules: [], parseOptions: {} },
    replayWindowMs: 60_000,
  });
  live.setSchema(SCHEMA);
  return live;
}

describe('live bridge documents', () => {
  it('parses a query text once and shares the document with every subscription sending it', () => {
    const live = bridge();
    const first = live.parse(QUERY);
    // Another copy of the same text (as each subscribe message brings its own).
    const again = live.parse(`${QUERY} `.trimEnd());
    expect(first.errors).toBeUndefined();
    expect(again).toBe(first);
    expect(live.parse(QUERY.replace('detail', 'detail cursor'))).not.toBe(first);
  });

  it('hands out its own copy of a parsed query text, and any other text (or value) as it is', () => {
    const live = bridge();
    expect(live.sharedQueryText(QUERY)).toBe(QUERY);
    live.parse(QUERY);
    expect(live.sharedQueryText(`${QUERY} `.trimEnd())).toBe(QUERY);
    expect(live.sharedQueryText('{ ok }')).toBe('{ ok }');
    expect(live.sharedQueryText(42)).toBe(42);
  });

  it('does not cache refused documents, and starts over with a new schema', () => {
    const live = bridge();
    expect(live.parse('subscription { nope }').errors).toHaveLength(1);
    const before = live.parse(QUERY);
    live.setSchema(SCHEMA);
    expect(live.parse(QUERY)).not.toBe(before);
  });
});
