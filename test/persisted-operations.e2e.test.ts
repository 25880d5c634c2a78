import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { persistedQueryManifestSchema } from '@hiregraph/gateway/persisted-operations';
import { PASSWORD, startE2EPlatform, type E2EPlatform } from './support/platform.js';

/** The published manifest (`npm run persisted:manifest`), which the trusted gateway loads by default. */
const MANIFEST = fileURLToPath(new URL('../schema/persisted-operations.json', import.meta.url));

interface Answer {
  status: number;
  cacheControl: string | null;
  data?: any;
  codes: unknown[];
}

/**
 * The whole platform with PERSISTED_OPERATIONS=trusted and the committed manifest: what a client
 * release built on operations/ does in production, by id only.
 */
describe('trusted persisted operations on the running platform', () => {
  let e2e: E2EPlatform;
  let ids: Map<string, string>;

  beforeAll(async () => {
    const manifest = persistedQueryManifestSchema.parse(JSON.parse(await readFile(MANIFEST, 'utf8')));
    ids = new Map(manifest.operations.map(({ name, id }) => [name, id]));
    e2e = await startE2EPlatform('persisted', { PERSISTED_OPERATIONS: 'trusted' });
  }, 120_000);
  afterAll(() => e2e?.stop());

  const extensions = (name: string) => {
    const id = ids.get(name);
    if (!id) throw new Error(`${name} is not in the manifest`);
    return { persistedQuery: { version: 1, sha256Hash: id } };
  };

  async function answer(response: Response): Promise<Answer> {
    const body = (await response.json()) as {
      data?: unknown;
      errors?: { extensions?: { code?: unknown } }[];
    };
    return {
      status: response.status,
      cacheControl: response.headers.get('cache-control'),
      data: body.data,
      codes: (body.errors ?? []).map((error) => error.extensions?.code),
    };
  }

  const post = async (body: Record<string, unknown>, token?: string) =>
    answer(
      await fetch(e2e.platform.urls.gateway, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      }),
    );

  /** A plain GET by id, as a CDN sends it. */
  const get = async (name: string, variables: Record<string, unknown>, token?: string) => {
    const params = new URLSearchParams({
      extensions: JSON.stringify(extensions(name)),
      variables: JSON.stringify(variables),
    });
    return answer(
      await fetch(`${e2e.platform.urls.gateway}?${params}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
    );
  };

  it('runs the manifest’s operations by id, mutations by POST and queries by GET', async () => {
    const email = `trusted-${e2e.ns.name}@example.com`;
    const registered = await post({
      extensions: extensions('Register'),
      variables: { input: { email, password: PASSWORD, fullName: 'Trusted Client' } },
    });
    expect(registered.codes).toEqual([]);
    const loggedIn = await post({
      extensions: extensions('Login'),
      variables: { input: { email, password: PASSWORD } },
    });
    expect(loggedIn.codes).toEqual([]);
    const token = loggedIn.data.login.accessToken as string;

    const overview = await get('MyOverview', {}, token);
    expect(overview).toMatchObject({
      status: 200,
      codes: [],
      data: { me: { email }, myResumes: { totalCount: 0 }, myPreferences: { theme: expect.any(String) } },
    });
    expect(overview.cacheControl).not.toMatch(/public/);

    const jobs = await get('Jobs', { first: 5 });
    expect(jobs).toMatchObject({ status: 200, codes: [], data: { jobs: { nodes: expect.any(Array) } } });
    // Open postings are public for 30 s (the jobs subgraph's hints, docs/operations.md).
    expect(jobs.cacheControl).toBe('max-age=30, public');
    expect((await get('Jobs', { first: 5 }, token)).cacheControl).toBe('max-age=30, private');
  });

  it('refuses every operation outside the manifest', async () => {
    const refused = { status: 400, codes: ['PERSISTED_QUERY_NOT_IN_LIST'] };
    expect(await post({ query: '{ jobs(first: 1) { totalCount } }' })).toMatchObject(refused);
    const unknownId = new URLSearchParams({
      extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } }),
    });
    expect(await answer(await fetch(`${e2e.platform.urls.gateway}?${unknownId}`))).toMatchObject(refused);
  });
});
