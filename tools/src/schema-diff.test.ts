import { buildSchema } from 'graphql';
import { composeSupergraph } from './supergraph.js';
import { countChanges, diffSchemas, diffSupergraphs, formatSchemaChanges } from './schema-diff.js';

const before = buildSchema(`
  enum Status { OPEN CLOSED }
  type Job { id: ID! title: String! salary: Int status: Status! }
  type Query { jobs(limit: Int = 10): [Job!]! }
`);

describe('diffSchemas', () => {
  it('classifies removals as breaking, enum additions and new defaults as dangerous, additions as safe', async () => {
    const after = buildSchema(`
      enum Status { OPEN CLOSED ARCHIVED }
      type Job { id: ID! title: String! status: Status! remote: Boolean }
      type Query { jobs(limit: Int = 20): [Job!]! }
    `);
    const report = await diffSchemas(before, after);
    expect(report.breaking.map((change) => change.message)).toEqual([
      "Field 'salary' was removed from object type 'Job'",
    ]);
    expect(report.dangerous.map((change) => change.type).sort()).toEqual([
      'ENUM_VALUE_ADDED',
      'FIELD_ARGUMENT_DEFAULT_CHANGED',
    ]);
    expect(report.safe.map((change) => change.message)).toEqual([
      "Field 'remote' was added to object type 'Job'",
    ]);
  });

  it('treats a nullable field becoming non-null in output as safe, and the reverse as breaking', async () => {
    const stricter = buildSchema(`
      enum Status { OPEN CLOSED }
      type Job { id: ID! title: String! salary: Int! status: Status! }
      type Query { jobs(limit: Int = 10): [Job!]! }
    `);
    expect((await diffSchemas(before, stricter)).breaking).toHaveLength(0);
    expect((await diffSchemas(stricter, before)).breaking).toHaveLength(1);
  });

  it('formats a report by criticality', async () => {
    const after = buildSchema(`
      enum Status { OPEN CLOSED }
      type Job { id: ID! title: String! status: Status! }
      type Query { jobs(limit: Int = 10): [Job!]! }
    `);
    const text = formatSchemaChanges(await diffSchemas(before, after));
    expect(text).toMatch(/^Supergraph API changes:\n {2}breaking \(1\):\n {4}- Field 'salary' was removed/);
    expect(formatSchemaChanges(await diffSchemas(before, before))).toBe('Supergraph API: no changes.');
  });
});

describe('diffSupergraphs', () => {
  const fed = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
  const supergraph = (url: string, fields: string) =>
    composeSupergraph([
      { name: 'jobs', url, sdl: `${fed}\ntype Query { job(id: ID!): Job }\ntype Job { ${fields} }` },
    ]).supergraphSdl;

  it('ignores federation plumbing such as subgraph URLs', async () => {
    const report = await diffSupergraphs(
      supergraph('http://127.0.0.1:4003/graphql', 'id: ID!'),
      supergraph('http://jobs:8080/graphql', 'id: ID!'),
    );
    expect(report && countChanges(report)).toBe(0);
  });

  it('reports API changes between supergraphs', async () => {
    const url = 'http://127.0.0.1:4003/graphql';
    const report = await diffSupergraphs(
      supergraph(url, 'id: ID! title: String'),
      supergraph(url, 'id: ID!'),
    );
    expect(report?.breaking.map((change) => change.path)).toEqual(['Job.title']);
  });

  it('has nothing to compare without a previous supergraph', async () => {
    expect(await diffSupergraphs(undefined, supergraph('http://x/graphql', 'id: ID!'))).toBeUndefined();
  });
});
