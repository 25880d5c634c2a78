import { loadSubgraphSdl } from './subgraph-sdl.js';

// Runs the built users subgraph (subgraphs/users/dist), as `npm run compose` does.
describe('loadSubgraphSdl', () => {
  it('prints a subgraph SDL with its federation link and entity keys', async () => {
    const sdl = await loadSubgraphSdl('users');
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
    expect(sdl).toMatch(/type User @key\(fields: "id"\)/);
    expect(sdl.endsWith('\n')).toBe(true);
  });

  it('tells to build when the subgraph is not built', async () => {
    await expect(loadSubgraphSdl('nonexistent')).rejects.toThrow(
      'subgraphs/nonexistent/dist/schema.js not found: build first (npx turbo run build)',
    );
  });
});
