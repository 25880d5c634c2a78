import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { operationHash, TrustedDocuments } from '@hiregraph/gateway/persisted-operations';
import { REPO_ROOT, SUPERGRAPH_FILE } from './paths.js';
import {
  buildManifest,
  DOCUMENTS_DIR,
  formatManifest,
  MANIFEST_FILE,
  readDocuments,
} from './persisted-manifest.js';
import { supergraphApiSchema } from './supergraph.js';

const schema = buildSchema(`
  type Query { job(id: ID!): Job, jobs: [Job!]! }
  type Mutation { close(id: ID!): Job }
  type Job { id: ID! title: String! company: Company }
  type Company { name: String }
`);

describe('persisted operations manifest', () => {
  it('lists each named operation with the fragments it spreads, by the hash of its body', () => {
    const manifest = buildManifest(
      [
        {
          path: 'jobs.graphql',
          text: `query Jobs { jobs { ...Summary } }
                 mutation Close($id: ID!) { close(id: $id) { id } }`,
        },
        {
          path: 'fragments.graphql',
          text: `fragment Summary on Job { id title company { ...Company } }
                 fragment Company on Company { name }
                 fragment Unused on Job { id }`,
        },
      ],
      schema,
    );
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.version).toBe(1);
    expect(manifest.operations.map(({ name, type }) => ({ name, type }))).toEqual([
      { name: 'Close', type: 'mutation' },
      { name: 'Jobs', type: 'query' },
    ]);
    const jobs = manifest.operations[1]!;
    expect(jobs.body).toContain('fragment Summary on Job');
    expect(jobs.body).toContain('fragment Company on Company');
    expect(jobs.body).not.toContain('Unused');
    for (const operation of manifest.operations) expect(operation.id).toBe(operationHash(operation.body));
    // What the gateway loads in trusted mode.
    expect(new TrustedDocuments(manifest).lists(jobs.body)).toBe(true);
  });

  it('refuses operations the schema cannot run, anonymous or duplicated ones and missing fragments', () => {
    const build = (text: string) => () => buildManifest([{ path: 'ops.graphql', text }], schema);
    expect(build('query Bad { job(id: "1") { salary } }')).toThrow(
      /ops\.graphql: Bad: Cannot query field "salary"/,
    );
    expect(build('{ jobs { id } }')).toThrow(/every operation needs a name/);
    expect(build('query A { jobs { id } } query A { jobs { title } }')).toThrow(/A is defined twice/);
    expect(build('query A { jobs { ...Missing } }')).toThrow(/undefined fragment\(s\) Missing/);
  });

  it('is committed up to date with operations/ and the supergraph (npm run persisted:manifest)', async () => {
    const supergraph = await readFile(path.join(REPO_ROOT, SUPERGRAPH_FILE), 'utf8');
    const manifest = buildManifest(
      await readDocuments(path.join(REPO_ROOT, DOCUMENTS_DIR)),
      supergraphApiSchema(supergraph),
    );
    expect(manifest.operations.length).toBeGreaterThan(0);
    expect(await readFile(path.join(REPO_ROOT, MANIFEST_FILE), 'utf8')).toBe(formatManifest(manifest));
  });
});
