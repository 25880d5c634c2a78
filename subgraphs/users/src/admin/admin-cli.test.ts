import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { createUsersSubgraph } from '../subgraph.js';

const PASSWORD = 'correct horse battery staple';
/** The built CLI, as `npm run admin` runs it (build first, like the e2e tests). */
const CLI = fileURLToPath(new URL('../../dist/admin/admin-cli.js', import.meta.url));
const ACCOUNT = 'accessToken user { id role }';

describe('admin CLI', () => {
  let users: TestSubgraph;
  beforeAll(async () => {
    users = await startTestSubgraph(createUsersSubgraph(), {
      // Once made whoever registered with these emails an admin; it must no longer do anything.
      env: { BOOTSTRAP_ADMIN_EMAILS: 'root@example.com,boss@example.com' },
    });
  });
  afterAll(() => users.stop());

  const admin = (...args: string[]) =>
    promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, ...users.ns.env } });
  const login = async (email: string) =>
    (
      await users.query(`mutation ($input: LoginInput!) { login(input: $input) { ${ACCOUNT} } }`, {
        input: { email, password: PASSWORD },
      })
    ).data.login;
  const rotate = async (token: string) =>
    (await users.query('mutation { rotateSigningKey }', {}, bearer(token))).errors?.[0]?.extensions?.code ??
    'ok';

  it('never makes a password registration admin; the operator grants and revokes it', async () => {
    const registered = await users.query(
      `mutation ($input: RegisterInput!) { register(input: $input) { ${ACCOUNT} } }`,
      { input: { email: 'root@example.com', password: PASSWORD, fullName: 'Root' } },
    );
    expect(registered.data.register.user.role).toBe('USER');
    expect(await rotate(registered.data.register.accessToken)).toBe('FORBIDDEN');

    const granted = await admin('grant', 'Root@Example.com');
    expect(granted.stdout).toContain('root@example.com is now ADMIN');
    // The session opened as USER has ended, so no token carries the old role.
    const me = await users.query('{ me { id } }', {}, bearer(registered.data.register.accessToken));
    expect(me.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const asAdmin = await login('root@example.com');
    expect(asAdmin.user.role).toBe('ADMIN');
    expect(await rotate(asAdmin.accessToken)).toBe('ok');

    await admin('revoke', 'root@example.com');
    expect(await rotate(asAdmin.accessToken)).not.toBe('ok');
    expect((await login('root@example.com')).user.role).toBe('USER');
  });

  it('fails clearly for an unknown email or a wrong command', async () => {
    await expect(admin('grant', `nobody-${randomUUID()}@example.com`)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No account with the email'),
    });
    await expect(admin('promote', 'root@example.com')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run admin'),
    });
  });
});
