import { printSchema } from 'graphql';
import { composeSupergraph, CompositionError, printApiSchema, supergraphApiSchema } from './supergraph.js';

const FED = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

const accountsSdl = `${FED}
type Query { me: Account }
type Account @key(fields: "id") { id: ID! name: String! }
`;
const reviewsSdl = `${FED}
type Review { id: ID! body: String! author: Account! }
type Account @key(fields: "id") { id: ID! reviews: [Review!]! }
`;

describe('composeSupergraph', () => {
  it('composes subgraphs into a supergraph that records each subgraph and its URL', () => {
    const { supergraphSdl } = composeSupergraph([
      { name: 'accounts', url: 'http://127.0.0.1:4101/graphql', sdl: accountsSdl },
      { name: 'reviews', url: 'http://127.0.0.1:4102/graphql', sdl: reviewsSdl },
    ]);
    expect(supergraphSdl).toContain(
      'ACCOUNTS @join__graph(name: "accounts", url: "http://127.0.0.1:4101/graphql")',
    );
    expect(supergraphSdl).toContain(
      'REVIEWS @join__graph(name: "reviews", url: "http://127.0.0.1:4102/graphql")',
    );
    expect(supergraphSdl.endsWith('\n')).toBe(true);
  });

  it('fails with every composition error, coded and readable', () => {
    const conflicting = `${FED}\ntype Query { other: Account }\ntype Account @key(fields: "id") { id: ID! name: Int! }\n`;
    const compose = () =>
      composeSupergraph([
        { name: 'accounts', url: 'http://127.0.0.1:4101/graphql', sdl: accountsSdl },
        { name: 'other', url: 'http://127.0.0.1:4103/graphql', sdl: conflicting },
      ]);
    expect(compose).toThrow(CompositionError);
    expect(compose).toThrow(
      /Supergraph composition failed with \d+ error\(s\):\n {2}- \[[A-Z_]+\] .*Account\.name/,
    );
  });

  it('names the subgraph whose SDL does not parse', () => {
    expect(() => composeSupergraph([{ name: 'broken', url: 'http://x/graphql', sdl: 'type {' }])).toThrow(
      /The broken subgraph SDL does not parse/,
    );
  });
});

describe('supergraphApiSchema', () => {
  it('drops the join__/link__ machinery and federation fields', () => {
    const { supergraphSdl } = composeSupergraph([
      { name: 'accounts', url: 'http://127.0.0.1:4101/graphql', sdl: accountsSdl },
      { name: 'reviews', url: 'http://127.0.0.1:4102/graphql', sdl: reviewsSdl },
    ]);
    const api = printSchema(supergraphApiSchema(supergraphSdl));
    expect(api).toContain('reviews: [Review!]!');
    expect(api).not.toMatch(/join__|link__|_entities|_service/);
  });
});

describe('printApiSchema', () => {
  it('prints the API schema as SDL that keeps @inaccessible elements out', () => {
    const hidden = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@inaccessible"])
type Query { secret: String @inaccessible visible: String }
`;
    const api = printApiSchema(
      composeSupergraph([{ name: 'a', url: 'http://x/graphql', sdl: hidden }]).supergraphSdl,
    );
    expect(api).toBe('type Query {\n  visible: String\n}\n');
  });
});
