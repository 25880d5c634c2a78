import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '@hiregraph/platform/config';
import { emittedWebhookEventTypes } from '@hiregraph/subgraph-users/notifications/event-types';
import { eventConsumers, subgraphConsumers } from './event-consumers.js';
import { REPO_ROOT } from './paths.js';

/** `consumeOnce(runtime, 'type', …` and `bus.subscribe('type', …` in a subgraph's sources (tests excluded). */
async function consumedTypesInSources(subgraph: string): Promise<string[]> {
  const dir = path.join(REPO_ROOT, 'subgraphs', subgraph, 'src');
  const files = (await readdir(dir, { recursive: true })).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('testing'),
  );
  const types: string[] = [];
  for (const file of files) {
    const source = await readFile(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(/(?:consumeOnce\(\s*runtime,\s*|bus\.subscribe\(\s*)'([a-z_.]+)'/g)) {
      types.push(match[1]);
    }
  }
  return types.sort();
}

describe('event consumers table', () => {
  it.each(SUBGRAPH_NAMES)('lists exactly the event types the %s subgraph consumes', async (subgraph) => {
    const declared = subgraphConsumers()
      .filter((consumer) => consumer.service === subgraph)
      .map((consumer) => consumer.type)
      .sort();
    expect(declared).toEqual(await consumedTypesInSources(subgraph));
  });

  it('adds the users webhook fan-out and the gateway subscriptions', () => {
    const consumers = eventConsumers();
    for (const type of emittedWebhookEventTypes()) {
      expect(consumers.get(type)).toContainEqual(
        expect.objectContaining({ service: 'users', name: `webhooks_${type.replace(/\W/g, '_')}` }),
      );
    }
    expect(consumers.get('resume.status_changed')).toContainEqual(
      expect.objectContaining({ service: 'gateway', name: 'resumeStatus' }),
    );
  });
});
