import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  startPlatform,
  type Platform,
  type PlatformOptions,
  type ServiceExit,
} from '@hiregraph/tools/platform';
import { describeExit, lastOutput } from '@hiregraph/tools/service-group';
import { createTestNamespace, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { bearer, graphqlRequest, type GraphQLResponse } from '@hiregraph/platform/testing/subgraph';
import type { SubgraphName } from '@hiregraph/platform/config';

export const ADMIN_EMAIL = 'admin@hiregraph.test';
export const PASSWORD = 'correct horse battery staple';
/** The admin's differs, so tests that try PASSWORD on the admin's own account are refused. */
export const ADMIN_PASSWORD = 'admin horse battery staple';
/** The operator's admin CLI (`npm run admin`), built like the services the platform runs. */
const ADMIN_CLI = fileURLToPath(new URL('../../subgraphs/users/dist/admin/admin-cli.js', import.meta.url));

/** The whole platform as separate processes (built dist/), in a namespace of its own. */
export interface E2EPlatform {
  ns: TestNamespace;
  platform: Platform;
  gateway<Data = any>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<Data>>;
  /** A query straight at one subgraph's database. */
  sql<Row = any>(subgraph: SubgraphName, text: string, params?: unknown[]): Promise<Row[]>;
  register(label: string): Promise<Account>;
  /** A new user made RECRUITER by the admin, signed in again so the token carries the role. */
  recruiter(fullName: string): Promise<Account>;
  /** The admin (registered, then granted ADMIN by the operator's CLI), signed in afresh on every call. */
  admin(): Promise<Account>;
  stop(): Promise<void>;
}

export interface Account {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

let counter = 0;

/** A service that exited on its own, with its last output lines (the reason, usually). */
function describeDeath(exit: ServiceExit): string {
  return `${exit.name} exited unexpectedly (${describeExit(exit)})${lastOutput(exit.lastOutput)}`;
}

export async function startE2EPlatform(
  label: string,
  env: Record<string, string> = {},
  start: (options: PlatformOptions) => Promise<Platform> = startPlatform,
): Promise<E2EPlatform> {
  const ns = createTestNamespace(label);
  const deaths: ServiceExit[] = [];
  let platform: Platform;
  try {
    platform = await start({
      ports: 'auto',
      env: {
        ...ns.env,
        OUTBOX_POLL_INTERVAL_MS: '100',
        EVENT_RETRY_BASE_DELAY_MS: '100',
        SUBGRAPH_TIMEOUT_MS: '3000',
        REGISTRATIONS_PER_IP_PER_HOUR: '1000',
        ...env,
      },
      output: process.env.E2E_OUTPUT ? undefined : () => {},
      onUnexpectedExit: (exit) => {
        deaths.push(exit);
        console.error(describeDeath(exit));
      },
    });
  } catch (error) {
    // The databases and streams were created for this run: drop them even though it never started.
    await ns.cleanup();
    throw error;
  }
  const gateway = async <Data = any>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GraphQLResponse<Data>> => {
    try {
      return await graphqlRequest<Data>(platform.urls.gateway, query, variables, token ? bearer(token) : {});
    } catch (error) {
      // A request that fails because a service died says why the service died.
      if (deaths.length === 0) throw error;
      throw new Error(`${String(error)}; ${deaths.map(describeDeath).join('; ')}`, { cause: error });
    }
  };
  let adminRegistered = false;
  const signUp = async (email: string, fullName: string, password = PASSWORD): Promise<Account> => {
    const res = await gateway(
      `mutation ($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id email } } }`,
      { input: { email, password, fullName } },
    );
    if (res.errors) throw new Error(`register failed: ${JSON.stringify(res.errors)}`);
    const { accessToken, refreshToken, user } = res.data.register;
    return { id: user.id, email: user.email, accessToken, refreshToken };
  };
  const signIn = async (email: string, password: string): Promise<Account> => {
    const res = await gateway(
      `mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id email } } }`,
      { input: { email, password } },
    );
    if (res.errors) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
    const { accessToken, refreshToken, user } = res.data.login;
    return { id: user.id, email: user.email, accessToken, refreshToken };
  };
  const signInAdmin = async () => {
    if (!adminRegistered) {
      adminRegistered = true;
      await signUp(ADMIN_EMAIL, 'Admin', ADMIN_PASSWORD);
      // Admin only by an operator's act, as in production; it ends the USER session just opened.
      await promisify(execFile)(process.execPath, [ADMIN_CLI, 'grant', ADMIN_EMAIL], {
        env: { ...process.env, ...ns.env, ...env },
      });
    }
    return signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  };
  return {
    ns,
    platform,
    gateway,
    async sql(subgraph, text, params = []) {
      const client = new pg.Client({ connectionString: `${ns.config.DATABASE_URL}/${ns.name}_${subgraph}` });
      await client.connect();
      try {
        return (await client.query(text, params)).rows;
      } finally {
        await client.end();
      }
    },
    register: (fullName) =>
      signUp(
        `${fullName.toLowerCase().replace(/\W/g, '')}-${(counter += 1)}-${ns.name}@example.com`,
        fullName,
      ),
    async recruiter(fullName) {
      const email = `${fullName.toLowerCase().replace(/\W/g, '')}-${(counter += 1)}-${ns.name}@example.com`;
      const account = await signUp(email, fullName);
      const admin = await signInAdmin();
      const res = await gateway(
        'mutation ($id: ID!) { changeRole(userId: $id, role: RECRUITER) { id } }',
        { id: account.id },
        admin.accessToken,
      );
      if (res.errors) throw new Error(`changeRole failed: ${JSON.stringify(res.errors)}`);
      return signIn(email, PASSWORD);
    },
    admin: signInAdmin,
    async stop() {
      await platform.stopAll();
      await ns.cleanup();
    },
  };
}
