/**
 * A running platform for the evaluations, reached only through the gateway's public API: the
 * built services as child processes (`startPlatform`) in a namespace of their own (fresh databases,
 * streams, Redis prefix and bucket, dropped again by `stop()`), and the accounts an evaluation needs
 * (users who own resumes, a recruiter who imports postings). Admin rights come from the operator's
 * CLI, as in production.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestNamespace, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { bearer, graphqlRequest, type GraphQLResponse } from '@hiregraph/platform/testing/subgraph';
import { REPO_ROOT } from '../paths.js';
import { startPlatform, type Platform } from '../platform.js';

export interface ApiAccount {
  id: string;
  email: string;
  accessToken: string;
}

/** What an evaluation needs of a running platform: the public API and accounts on it. */
export interface ApiClient {
  gateway<Data = any>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<Data>>;
  register(fullName: string): Promise<ApiAccount>;
  /** A new account the admin made RECRUITER, signed in again so its token carries the role. */
  recruiter(fullName: string): Promise<ApiAccount>;
}

export interface ApiSession extends ApiClient {
  ns: TestNamespace;
  platform: Platform;
  stop(): Promise<void>;
}

const PASSWORD = 'evaluation horse battery staple';
const ADMIN_CLI = path.join(REPO_ROOT, 'subgraphs/users/dist/admin/admin-cli.js');

/** Data of a response, or an error naming the operation and the API's errors. */
export function dataOf<Data>(response: GraphQLResponse<Data>, what: string): Data {
  if (response.errors?.length || !response.data)
    throw new Error(`${what} failed: ${JSON.stringify(response.errors ?? response)}`);
  return response.data;
}

export async function startApiSession(
  label: string,
  options: { env?: Record<string, string>; verbose?: boolean } = {},
): Promise<ApiSession> {
  const ns = createTestNamespace(label);
  const env = {
    ...ns.env,
    OUTBOX_POLL_INTERVAL_MS: '100',
    REGISTRATIONS_PER_IP_PER_HOUR: '10000',
    // Matching recomputes as soon as a change arrives: the evaluation waits for it anyway.
    MATCHING_DEBOUNCE_MS: '200',
    ...options.env,
  };
  let platform: Platform;
  try {
    platform = await startPlatform({
      ports: 'auto',
      env,
      output: options.verbose ? undefined : () => {},
      onUnexpectedExit: (exit) => console.error(`${exit.name} exited unexpectedly`),
    });
  } catch (error) {
    await ns.cleanup();
    throw error;
  }
  const gateway = <Data = any>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
    graphqlRequest<Data>(platform.urls.gateway, query, variables, token ? bearer(token) : {});
  let counter = 0;
  const emailFor = (fullName: string) =>
    `${fullName.toLowerCase().replace(/\W/g, '')}-${(counter += 1)}-${ns.name}@example.com`;
  const signUp = async (email: string, fullName: string): Promise<ApiAccount> => {
    const data = dataOf(
      await gateway(
        'mutation ($i: RegisterInput!) { register(input: $i) { accessToken user { id email } } }',
        { i: { email, password: PASSWORD, fullName } },
      ),
      'register',
    );
    return { id: data.register.user.id, email, accessToken: data.register.accessToken };
  };
  const signIn = async (email: string): Promise<ApiAccount> => {
    const data = dataOf(
      await gateway('mutation ($i: LoginInput!) { login(input: $i) { accessToken user { id } } }', {
        i: { email, password: PASSWORD },
      }),
      'login',
    );
    return { id: data.login.user.id, email, accessToken: data.login.accessToken };
  };
  let admin: Promise<string> | undefined;
  const adminEmail = `admin-${ns.name}@example.com`;
  const adminToken = () =>
    (admin ??= (async () => {
      await signUp(adminEmail, 'Evaluation Admin');
      await promisify(execFile)(process.execPath, [ADMIN_CLI, 'grant', adminEmail], {
        env: { ...process.env, ...env },
      });
      return (await signIn(adminEmail)).accessToken;
    })());
  return {
    ns,
    platform,
    gateway,
    register: (fullName) => signUp(emailFor(fullName), fullName),
    async recruiter(fullName) {
      const email = emailFor(fullName);
      const account = await signUp(email, fullName);
      dataOf(
        await gateway(
          'mutation ($id: ID!) { changeRole(userId: $id, role: RECRUITER) { id } }',
          { id: account.id },
          await adminToken(),
        ),
        'changeRole',
      );
      return signIn(email);
    },
    async stop() {
      await platform.stopAll();
      await ns.cleanup();
    },
  };
}
