import { parse } from 'graphql';
import { loadGatewayConfig } from './config.js';
import { loadSupergraphSource, subgraphsOfSupergraph } from './supergraph.js';
import { PROBE_TYPE_DEFS, writeSupergraph } from './testing/subgraphs.js';

describe('supergraph source', () => {
  it('lists the subgraphs of a composed supergraph, with URL overrides applied', async () => {
    const second = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { users: [String] }
    `);
    const supergraph = await writeSupergraph([
      { name: 'probe', url: 'http://127.0.0.1:1/graphql', typeDefs: PROBE_TYPE_DEFS },
      { name: 'users', url: 'http://127.0.0.1:2/graphql', typeDefs: second },
    ]);
    try {
      const config = loadGatewayConfig({ SUPERGRAPH_PATH: supergraph.path, USERS_PORT: '7001' });
      const source = await loadSupergraphSource(config);
      expect(typeof source.supergraphSdl).toBe('string');
      expect(subgraphsOfSupergraph(source.supergraphSdl as string)).toEqual([
        { name: 'probe', url: 'http://127.0.0.1:1/graphql' },
        { name: 'users', url: 'http://127.0.0.1:2/graphql' },
      ]);
      expect(source.subgraphs).toEqual([
        { name: 'probe', url: 'http://127.0.0.1:1/graphql' },
        { name: 'users', url: 'http://127.0.0.1:7001/graphql' },
      ]);
    } finally {
      await supergraph.remove();
    }
  });

  it('says how to get a supergraph when the file is missing', async () => {
    const config = loadGatewayConfig({ SUPERGRAPH_PATH: '/nonexistent/supergraph.graphql' });
    await expect(loadSupergraphSource(config)).rejects.toThrow(/npm run compose.*DEV_MODE=true/);
  });

  it('rejects SDL that is not a supergraph', () => {
    expect(() => subgraphsOfSupergraph('type Query { a: Int }')).toThrow(/join__Graph/);
  });

  it('introspects the configured subgraphs in DEV_MODE', async () => {
    const config = loadGatewayConfig({ DEV_MODE: 'true', DEV_SUBGRAPHS: 'users, jobs', JOBS_PORT: '5003' });
    const source = await loadSupergraphSource(config);
    expect(typeof source.supergraphSdl).toBe('object');
    expect(source.subgraphs).toEqual([
      { name: 'users', url: 'http://127.0.0.1:4001/graphql' },
      { name: 'jobs', url: 'http://127.0.0.1:5003/graphql' },
    ]);
  });
});
