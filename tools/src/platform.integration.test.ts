import { createTestNamespace } from '@hiregraph/platform/testing/namespace';
import { startPlatform } from './platform.js';

// Boots the real, built users subgraph (subgraphs/users/dist) against the local services.
describe('startPlatform with the real users subgraph', () => {
  const namespace = createTestNamespace('platform');
  afterAll(() => namespace.cleanup());

  it('boots it in its own namespace, serves GraphQL, and stops it with SIGTERM alone', async () => {
    const lines: string[] = [];
    const platform = await startPlatform({
      subgraphs: ['users'],
      gateway: false,
      ports: 'auto',
      env: namespace.env,
      output: (name, line) => lines.push(`${name}: ${line}`),
    });
    try {
      const response = await fetch(platform.urls.users, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ jobs: __typename }' }),
      });
      expect(await response.json()).toEqual({ data: { jobs: 'Query' } });
    } finally {
      await platform.stopAll();
    }
    expect(platform.isRunning('users')).toBe(false);
    expect(lines.join('\n')).not.toContain('SIGKILL');
  });
});
