import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  validate,
  type GraphQLObjectType,
} from 'graphql';
import {
  GATEWAY_QUERY_LIMITS,
  queryLimitProtection,
  SUBGRAPH_QUERY_LIMITS,
} from '@hiregraph/platform/query-limits';
import { printSubgraphSdl } from '@hiregraph/platform/subgraph/schema';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { usersSubgraph } from '@hiregraph/subgraph-users/subgraph';
import { loadGatewayConfig } from './config.js';
import { startGateway, type RunningGateway } from './gateway.js';
import {
  PROBE_TYPE_DEFS,
  startProbeSubgraph,
  writeSupergraph,
  type RunningProbe,
} from './testing/subgraphs.js';

const logger = createLogger('limits-test', process.env.TEST_LOG_LEVEL ?? 'silent');

async function post(url: string, document: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: document }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string; limit?: string; max?: number } }[];
  };
  return { status: response.status, codes: (body.errors ?? []).map((e) => e.extensions?.code), body };
}

/** The refusal a client gets for exceeding `limit`, whose maximum is `max`. */
const refused = (limit: string, max: number) => ({
  status: 400,
  codes: ['QUERY_TOO_COMPLEX'],
  body: { errors: [{ message: expect.any(String), extensions: { code: 'QUERY_TOO_COMPLEX', limit, max } }] },
});

const aliases = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
/** `depth` levels of fields: `{ nest { nest { … leaf } } }`. */
const nested = (depth: number) => `{ ${'nest { '.repeat(depth - 1)}leaf${' }'.repeat(depth - 1)} }`;

/** Every field of `type` the client can ask for without arguments, `depth` object levels deep. */
function everyField(type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields()).flatMap((field) => {
    const named = getNamedType(field.type);
    if (field.name.startsWith('_')) return [];
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) return [];
    if (isLeafType(named)) return [field.name];
    const page = field.args.some((arg) => arg.name === 'first') ? '(first: 100)' : '';
    return isObjectType(named) && depth > 0
      ? [`${field.name}${page} { ${everyField(named, depth - 1)} }`]
      : [];
  });
  return fields.join(' ') || '__typename';
}

describe('gateway limits against the real supergraph', () => {
  const schema = buildSchema(
    readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
  );
  const limits = queryLimitProtection(GATEWAY_QUERY_LIMITS);
  const refusals = (document: string) => {
    try {
      return validate(schema, parse(document, limits.parseOptions), limits.validationRules).map(
        ({ extensions: { code, limit, max } }) => ({ code, limit, max }),
      );
    } catch (error) {
      return [{ parse: (error as Error).message }];
    }
  };
  const query = schema.getQueryType()!;

  it.each(['jobs', 'searchJobs', 'myResumes', 'resumes', 'users'])(
    'lets a page of 100 %s selecting every field through',
    (root) => {
      const type = getNamedType(query.getFields()[root].type) as GraphQLObjectType;
      expect(refusals(`{ ${root}(first: 100) { ${everyField(type, 4)} } }`)).toEqual([]);
    },
  );

  it('refuses 500 aliases of jobs(first: 100)', () => {
    expect(refusals(aliases(500, 'jobs(first: 100) { totalCount }'))).toEqual([
      { parse: expect.stringMatching(/more tha[nt] 2000 tokens/) },
    ]);
    // Short enough for the token limit, still one request asking for 2,100 jobs.
    expect(refusals(aliases(21, 'jobs(first: 100) { totalCount }'))).toEqual([
      { code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 20 },
    ]);
  });
});

describe('query limits and unknown keys', () => {
  let ns: TestNamespace;
  let users: TestSubgraph;
  let probe: RunningProbe;
  let gateway: RunningGateway;
  let issuer: TestTokenIssuer;
  let removeSupergraph: () => Promise<void>;

  beforeAll(async () => {
    ns = createTestNamespace('limits');
    users = await startTestSubgraph(usersSubgraph, { ns });
    probe = await startProbeSubgraph();
    issuer = await startTestTokenIssuer();
    const supergraph = await writeSupergraph([
      {
        name: 'users',
        url: users.graphqlUrl,
        typeDefs: parse(printSubgraphSdl(await usersSubgraph.buildSchema())),
      },
      { name: 'probe', url: probe.url, typeDefs: PROBE_TYPE_DEFS },
    ]);
    removeSupergraph = supergraph.remove;
    gateway = await startGateway(
      loadGatewayConfig({ ...process.env, ...ns.env, GATEWAY_PORT: '0', SUPERGRAPH_PATH: supergraph.path }),
      logger,
    );
  });

  afterAll(async () => {
    await Promise.allSettled([gateway?.stop(), probe?.stop(), issuer?.close()]);
    await users?.stop();
    await removeSupergraph?.();
    await ns?.cleanup();
  });

  it('refuses too many aliases, too deep, too costly, too long or too many directives at the gateway', async () => {
    const limits = GATEWAY_QUERY_LIMITS;
    expect(await post(gateway.graphqlUrl, aliases(500, 'probe'))).toEqual(
      refused('aliases', limits.QUERY_MAX_ALIASES),
    );
    expect(await post(gateway.graphqlUrl, aliases(21, 'probe'))).toEqual(
      refused('aliases', limits.QUERY_MAX_ALIASES),
    );
    expect(await post(gateway.graphqlUrl, nested(13))).toEqual(refused('depth', limits.QUERY_MAX_DEPTH));
    expect(
      await post(
        gateway.graphqlUrl,
        '{ nest { children(first: 100) { children(first: 100) { children(first: 10) { leaf } } } } }',
      ),
    ).toEqual(refused('cost', limits.QUERY_MAX_COST));
    expect(await post(gateway.graphqlUrl, `{ probe ${'__typename '.repeat(2_000)}}`)).toEqual(
      refused('tokens', limits.QUERY_MAX_TOKENS),
    );
    expect(await post(gateway.graphqlUrl, `{ ${'... @include(if: true) { probe } '.repeat(51)}}`)).toEqual(
      refused('directives', limits.QUERY_MAX_DIRECTIVES),
    );
  });

  it('lets an operation at the gateway limits through, planned across subgraphs', async () => {
    const { status, body } = await post(gateway.graphqlUrl, aliases(20, 'probe'));
    expect(status).toBe(200);
    expect(Object.keys(body.data as object)).toHaveLength(20);
    const deep = await post(gateway.graphqlUrl, nested(12));
    expect(deep.status).toBe(200);
    expect(JSON.stringify(deep.body.data)).toContain('"leaf":"leaf"');
    const costly = await post(
      gateway.graphqlUrl,
      '{ nest { children(first: 100) { children(first: 50) { leaf } } } }',
    );
    expect(costly).toEqual(expect.objectContaining({ status: 200, codes: [] }));
  });

  it('enforces limits on a subgraph reached directly', async () => {
    expect(await post(users.graphqlUrl, aliases(41, 'me { id }'))).toEqual(
      refused('aliases', SUBGRAPH_QUERY_LIMITS.QUERY_MAX_ALIASES),
    );
    expect(await post(users.graphqlUrl, `{ me { id ${'__typename '.repeat(20_000)}} }`)).toEqual(
      refused('tokens', SUBGRAPH_QUERY_LIMITS.QUERY_MAX_TOKENS),
    );
    // Within the limits the request goes on to the usual checks.
    expect(await post(users.graphqlUrl, aliases(40, 'me { id }'))).toEqual(
      expect.objectContaining({ codes: expect.not.arrayContaining(['QUERY_TOO_COMPLEX']) }),
    );
  });

  it('answers UNAUTHENTICATED (401) for a token signed with a key the subgraph does not know', async () => {
    const token = await issuer.token();
    const direct = await post(users.graphqlUrl, '{ me { id } }', { authorization: `Bearer ${token}` });
    expect(direct).toEqual(expect.objectContaining({ status: 401, codes: ['UNAUTHENTICATED'] }));
    const viaGateway = await post(gateway.graphqlUrl, '{ me { id } }', { authorization: `Bearer ${token}` });
    expect(viaGateway).toEqual(expect.objectContaining({ status: 401, codes: ['UNAUTHENTICATED'] }));
  });
});
