import 'reflect-metadata';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { decodeProtectedHeader, SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { startTestOidcIssuer, type TestOidcIssuer } from '@hiregraph/platform/testing/oidc-issuer';
import { detachedMapper } from '@hiregraph/platform/db/detached';
import { eventually } from '@hiregraph/platform/testing/namespace';
import {
  bearer,
  schemaDrift,
  startTestSubgraph,
  type TestSubgraph,
} from '@hiregraph/platform/testing/subgraph';
import { createUsersSubgraph } from './subgraph.js';
import { setRoleByEmail } from './admin/admin.service.js';
import { Session } from './sessions/session.entity.js';
import { User } from './users/user.entity.js';
import type { UsersServices } from './services.js';

const PAYLOAD = 'accessToken refreshToken accessTokenExpiresAt user { id email fullName role }';
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { ${PAYLOAD} } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { ${PAYLOAD} } }`;
const REFRESH = `mutation ($token: String!) { refreshToken(token: $token) { ${PAYLOAD} } }`;
const GOOGLE = `mutation ($idToken: String!) { signInWithGoogle(idToken: $idToken) { ${PAYLOAD} } }`;
const ME = '{ me { id email } }';
const PASSWORD = 'correct horse battery staple';

let ipCounter = 1;
/** Each test acts from its own address so throttles and rate limits do not leak between tests. */
const freshIp = () => `10.9.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`;
const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

describe('identity: accounts, tokens, sessions', () => {
  const definition = createUsersSubgraph();
  let users: TestSubgraph;
  let issuer: TestOidcIssuer;

  beforeAll(async () => {
    issuer = await startTestOidcIssuer('hiregraph-test-client');
    users = await startTestSubgraph(definition, {
      env: {
        GOOGLE_CLIENT_ID: 'hiregraph-test-client',
        GOOGLE_ISSUER: issuer.issuer,
        GOOGLE_JWKS_URL: issuer.jwksUrl,
        REGISTRATIONS_PER_IP_PER_HOUR: '20',
        LOGIN_LOCK_BASE_SECONDS: '1',
        LOGIN_LOCK_MAX_SECONDS: '2',
      },
    });
  });
  afterAll(async () => {
    await users.stop();
    await issuer.close();
  });

  const register = async (label = 'user', ip = freshIp()) => {
    const address = email(label);
    const res = await users.query(
      REGISTER,
      { input: { email: address, password: PASSWORD, fullName: label } },
      { 'x-forwarded-for': ip },
    );
    expect(res.errors).toBeUndefined();
    return { ...res.data.register, email: address, ip };
  };
  const me = (token: string) => users.query(ME, {}, bearer(token));
  const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) =>
    res.errors?.[0]?.extensions?.code;

  it('has committed migrations that match its entities', async () => {
    expect(await schemaDrift(users.subgraph)).toBe('');
  });

  describe('register and login', () => {
    it('registers, signs an EdDSA access token with a kid published in the JWKS', async () => {
      const account = await register('ada');
      expect(account.user).toMatchObject({ email: account.email, fullName: 'ada', role: 'USER' });
      const header = decodeProtectedHeader(account.accessToken);
      expect(header.alg).toBe('EdDSA');
      const jwks = (await (await fetch(`${users.subgraph.url}/.well-known/jwks.json`)).json()) as {
        keys: any[];
      };
      expect(jwks.keys.map((key) => key.kid)).toContain(header.kid);
      expect(jwks.keys.every((key) => key.d === undefined)).toBe(true);
      const claims = decodeJwt(account.accessToken);
      expect((claims.exp as number) - (claims.iat as number)).toBe(900);
      expect((await me(account.accessToken)).data.me.id).toBe(account.user.id);
    });

    it('me reads the account as a read-only row: every field as user(id) answers it', async () => {
      const account = await register('Grace');
      const auth = bearer(account.accessToken);
      const FIELDS = 'id fullName username avatarUrl email role createdAt lastLoginAt googleLinked';
      const whole = await users.query(`{ me { ${FIELDS} } }`, {}, auth);
      expect(whole.errors).toBeUndefined();
      expect(whole.data.me).toEqual({
        id: account.user.id,
        fullName: 'Grace',
        username: null,
        avatarUrl: null,
        email: account.email.toLowerCase(),
        role: 'USER',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        lastLoginAt: null,
        googleLinked: false,
      });
      const byId = await users.query(
        `query ($id: ID!) { user(id: $id) { ${FIELDS} } }`,
        {
          id: account.user.id,
        },
        auth,
      );
      expect(whole.data.me).toEqual(byId.data.user);
      // Only the columns of the fields asked for (plus id and createdAt): the same values.
      const narrow = await users.query('{ me { fullName email __typename } }', {}, auth);
      expect(narrow.data.me).toEqual({
        fullName: 'Grace',
        email: account.email.toLowerCase(),
        __typename: 'User',
      });
      const viaFragment = await users.query('{ me { ...on User { id role } } }', {}, auth);
      expect(viaFragment.data.me).toEqual({ id: account.user.id, role: 'USER' });
      // Another account through the same compiled query: its own row.
      const other = await register('Hopper');
      expect((await users.query('{ me { id fullName } }', {}, bearer(other.accessToken))).data.me).toEqual({
        id: other.user.id,
        fullName: 'Hopper',
      });
      // Compiled once per filter shape, not once per account.
      const selects = [...(detachedMapper(users.em(), User)?.selects.keys() ?? [])];
      expect(selects.length).toBeGreaterThan(0);
      expect(selects.filter((key) => key.includes(other.user.id))).toEqual([]);
    });

    it('normalizes emails and refuses bad input, weak passwords and duplicates with coded errors', async () => {
      const address = email('Case');
      const first = await users.query(REGISTER, {
        input: { email: `  ${address.toUpperCase()} `, password: PASSWORD, fullName: 'C' },
      });
      expect(first.data.register.user.email).toBe(address.toLowerCase());
      const cases: [Record<string, string>, string][] = [
        [{ email: 'nope', password: PASSWORD, fullName: 'X' }, 'email'],
        [{ email: email('x'), password: 'short', fullName: 'X' }, 'password'],
        [{ email: email('x'), password: 'password1234', fullName: 'X' }, 'password'],
        [{ email: email('x'), password: PASSWORD, fullName: '  ' }, 'fullName'],
      ];
      for (const [input, field] of cases) {
        const res = await users.query(REGISTER, { input });
        expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      const duplicate = await users.query(REGISTER, {
        input: { email: address, password: PASSWORD, fullName: 'D' },
      });
      expect(duplicate.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
    });

    it('logs in with the right password only', async () => {
      const account = await register('login');
      const ok = await users.query(LOGIN, { input: { email: account.email, password: PASSWORD } });
      expect(ok.data.login.user.id).toBe(account.user.id);
      const wrong = await users.query(LOGIN, {
        input: { email: account.email, password: 'wrong password!' },
      });
      expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
      const unknown = await users.query(LOGIN, { input: { email: email('ghost'), password: PASSWORD } });
      expect(unknown.errors?.[0]).toMatchObject({ message: 'Wrong email or password' });
    });

    it('locks after 5 failures with retryAfter, and a success resets the count', async () => {
      const account = await register('brute');
      const attempt = (password: string, ip = account.ip) =>
        users.query(LOGIN, { input: { email: account.email, password } }, { 'x-forwarded-for': ip });
      for (let i = 0; i < 4; i += 1) expect(codeOf(await attempt('bad guess'))).toBe('UNAUTHENTICATED');
      expect((await attempt(PASSWORD)).errors).toBeUndefined(); // resets
      for (let i = 0; i < 4; i += 1) expect(codeOf(await attempt('bad guess'))).toBe('UNAUTHENTICATED');
      expect(codeOf(await attempt('bad guess'))).toBe('UNAUTHENTICATED'); // 5th failure locks
      const locked = await attempt(PASSWORD); // even the right password is not checked while locked
      expect(locked.errors?.[0].extensions).toMatchObject({ code: 'LOCKED', retryAfter: expect.any(Number) });
      expect(locked.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
      expect(locked.errors?.[0].extensions?.retryAfter).toBeLessThanOrEqual(1);
    });

    it('lets the owner sign in after waiting out retryAfter, however many guesses came before', async () => {
      const account = await register('owner');
      const attempt = (password: string) =>
        users.query(LOGIN, { input: { email: account.email, password } }, { 'x-forwarded-for': account.ip });
      for (let i = 0; i < 22; i += 1) await attempt('bad guess');
      const locked = await attempt(PASSWORD);
      expect(locked.errors?.[0].extensions).toMatchObject({ code: 'LOCKED', retryAfter: 1 });
      // Each try while locked is refused without re-arming the lock, so the owner gets in after it.
      const signedIn = await eventually(async () => {
        const res = await attempt(PASSWORD);
        return codeOf(res) === 'LOCKED' ? false : res;
      }, 5_000);
      expect(signedIn.data.login.user.id).toBe(account.user.id);
    });

    it('lets a parallel burst of guesses check no more passwords than the limit', async () => {
      const account = await register('burst');
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          users.query(
            LOGIN,
            { input: { email: account.email, password: 'burst guess' } },
            { 'x-forwarded-for': account.ip },
          ),
        ),
      );
      const codes = results.map(codeOf);
      expect(codes.filter((code) => code === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(5);
      expect(codes.filter((code) => code === 'LOCKED').length).toBeGreaterThanOrEqual(15);
    });

    it('throttles password confirmation for sensitive changes like logins', async () => {
      const account = await register('reauth');
      const CHANGE =
        'mutation ($c: String!) { changePassword(currentPassword: $c, newPassword: "unused long passphrase") }';
      for (let i = 0; i < 5; i += 1) {
        expect(
          codeOf(await users.query(CHANGE, { c: `guess ${i}` }, bearer(account.accessToken, account.ip))),
        ).toBe('FORBIDDEN');
      }
      const locked = await users.query(CHANGE, { c: PASSWORD }, bearer(account.accessToken, account.ip));
      expect(locked.errors?.[0].extensions).toMatchObject({ code: 'LOCKED', retryAfter: expect.any(Number) });
      // deleteAccount shares the throttle: refused while locked, and allowed once the lock has passed.
      const DELETE = 'mutation ($p: String) { deleteAccount(password: $p) }';
      const deleteLocked = await users.query(
        DELETE,
        { p: PASSWORD },
        bearer(account.accessToken, account.ip),
      );
      expect(codeOf(deleteLocked)).toBe('LOCKED');
      const changed = await eventually(async () => {
        const res = await users.query(CHANGE, { c: PASSWORD }, bearer(account.accessToken, account.ip));
        return codeOf(res) === 'LOCKED' ? false : res;
      }, 5_000);
      expect(changed.data.changePassword).toBe(true);
    });

    it('rate-limits registrations per IP', async () => {
      const ip = freshIp();
      for (let i = 0; i < 20; i += 1) {
        const res = await users.query(
          REGISTER,
          { input: { email: email('nat'), password: PASSWORD, fullName: 'N' } },
          { 'x-forwarded-for': ip },
        );
        expect(res.errors).toBeUndefined();
      }
      const limited = await users.query(
        REGISTER,
        { input: { email: email('nat'), password: PASSWORD, fullName: 'N' } },
        { 'x-forwarded-for': ip },
      );
      expect(limited.errors?.[0].extensions).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfter: expect.any(Number),
      });
      const otherIp = await users.query(
        REGISTER,
        { input: { email: email('nat'), password: PASSWORD, fullName: 'N' } },
        { 'x-forwarded-for': freshIp() },
      );
      expect(otherIp.errors).toBeUndefined();
    });
  });

  describe('tokens', () => {
    it('rotates refresh tokens; reusing an old one revokes the whole session', async () => {
      const account = await register('rotate');
      const second = (await users.query(REFRESH, { token: account.refreshToken })).data.refreshToken;
      expect(second.refreshToken).not.toBe(account.refreshToken);
      expect((await me(second.accessToken)).data.me.id).toBe(account.user.id);

      const reuse = await users.query(REFRESH, { token: account.refreshToken });
      expect(codeOf(reuse)).toBe('UNAUTHENTICATED');
      expect(codeOf(await users.query(REFRESH, { token: second.refreshToken }))).toBe('UNAUTHENTICATED');
      expect(codeOf(await me(second.accessToken))).toBe('UNAUTHENTICATED');
      expect(codeOf(await me(account.accessToken))).toBe('UNAUTHENTICATED');
    });

    it('never accepts a refresh token as an access token, nor garbage', async () => {
      const account = await register('confuse');
      expect(codeOf(await me(account.refreshToken))).toBe('UNAUTHENTICATED');
      expect(codeOf(await users.query(ME, {}, { authorization: 'Basic abc' }))).toBe('UNAUTHENTICATED');
      expect(codeOf(await users.query(REFRESH, { token: 'not-a-token' }))).toBe('UNAUTHENTICATED');
    });

    it('refuses alg none, a wrong key, an expired token and a tampered payload', async () => {
      const account = await register('attack');
      const claims = decodeJwt(account.accessToken);
      const header = decodeProtectedHeader(account.accessToken);
      const none = new UnsecuredJWT({ ...claims, role: 'ADMIN' }).encode();
      const { privateKey: foreignKey } = generateKeyPairSync('ed25519');
      const wrongKey = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid: header.kid })
        .sign(foreignKey);
      const [h, , s] = account.accessToken.split('.');
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN' })).toString('base64url')}.${s}`;
      for (const token of [none, wrongKey, tampered]) {
        const res = await me(token);
        expect(codeOf(res)).toBe('UNAUTHENTICATED');
        expect(res.errors?.[0].message).toBe('Invalid access token');
      }
      // An expired token signed with the real current key.
      const { privateKey } = await (users.subgraph.services as UsersServices).keys.signingKey();
      const expired = await new SignJWT({ sid: claims.sid, role: claims.role })
        .setProtectedHeader({ alg: 'EdDSA', kid: header.kid })
        .setSubject(String(claims.sub))
        .setIssuer('hiregraph')
        .setAudience('hiregraph')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 1000)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 100)
        .sign(privateKey);
      const res = await me(expired);
      expect(res.errors?.[0]).toMatchObject({
        message: 'Access token expired',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    });

    it('rotates signing keys with both keys valid at once', async () => {
      const root = await register('root');
      await setRoleByEmail(users.em(), users.subgraph.runtime.revocations, root.email, 'ADMIN');
      const adminToken = (await users.query(LOGIN, { input: { email: root.email, password: PASSWORD } })).data
        .login.accessToken;
      const before = await register('rotation');
      const oldKid = decodeProtectedHeader(before.accessToken).kid;
      const rotated = await users.query('mutation { rotateSigningKey }', {}, bearer(adminToken));
      expect(rotated.data.rotateSigningKey).not.toBe(oldKid);
      const after = await users.query(LOGIN, { input: { email: before.email, password: PASSWORD } });
      expect(decodeProtectedHeader(after.data.login.accessToken).kid).toBe(rotated.data.rotateSigningKey);
      const jwks = (await (await fetch(`${users.subgraph.url}/.well-known/jwks.json`)).json()) as {
        keys: any[];
      };
      expect(jwks.keys.map((key) => key.kid)).toEqual(
        expect.arrayContaining([oldKid, rotated.data.rotateSigningKey]),
      );
      expect((await me(before.accessToken)).errors).toBeUndefined();
      expect((await me(after.data.login.accessToken)).errors).toBeUndefined();
      const notAdmin = await users.query('mutation { rotateSigningKey }', {}, bearer(before.accessToken));
      expect(codeOf(notAdmin)).toBe('FORBIDDEN');
    });
  });

  describe('sessions', () => {
    it('logout refuses the session tokens at once; other sessions keep working', async () => {
      const account = await register('logout');
      const other = (await users.query(LOGIN, { input: { email: account.email, password: PASSWORD } })).data
        .login;
      expect((await users.query('mutation { logout }', {}, bearer(account.accessToken))).data.logout).toBe(
        true,
      );
      expect(codeOf(await me(account.accessToken))).toBe('UNAUTHENTICATED');
      expect(codeOf(await users.query(REFRESH, { token: account.refreshToken }))).toBe('UNAUTHENTICATED');
      expect((await me(other.accessToken)).errors).toBeUndefined();
      await users.query('mutation { logoutAll }', {}, bearer(other.accessToken));
      expect(codeOf(await me(other.accessToken))).toBe('UNAUTHENTICATED');
    });

    it('keeps at most 10 active sessions, evicting the oldest', async () => {
      const account = await register('many');
      const logins = [];
      for (let i = 0; i < 10; i += 1) {
        logins.push(
          (await users.query(LOGIN, { input: { email: account.email, password: PASSWORD } })).data.login,
        );
      }
      expect(codeOf(await me(account.accessToken))).toBe('UNAUTHENTICATED');
      expect(codeOf(await users.query(REFRESH, { token: account.refreshToken }))).toBe('UNAUTHENTICATED');
      expect((await me(logins[0].accessToken)).errors).toBeUndefined();
      const active = await users.em().count(Session, { userId: account.user.id, revokedAt: null });
      expect(active).toBe(10);
    });

    it('changePassword needs the current password and ends the other sessions', async () => {
      const account = await register('pw');
      const other = (await users.query(LOGIN, { input: { email: account.email, password: PASSWORD } })).data
        .login;
      const CHANGE =
        'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
      const wrong = await users.query(
        CHANGE,
        { c: 'nope nope nope', n: 'a brand new passphrase' },
        bearer(account.accessToken),
      );
      expect(codeOf(wrong)).toBe('FORBIDDEN');
      const ok = await users.query(
        CHANGE,
        { c: PASSWORD, n: 'a brand new passphrase' },
        bearer(account.accessToken),
      );
      expect(ok.data.changePassword).toBe(true);
      expect((await me(account.accessToken)).errors).toBeUndefined();
      expect(codeOf(await me(other.accessToken))).toBe('UNAUTHENTICATED');
      expect(codeOf(await users.query(LOGIN, { input: { email: account.email, password: PASSWORD } }))).toBe(
        'UNAUTHENTICATED',
      );
    });
  });

  describe('Google sign-in', () => {
    it('creates an account for a verified Google identity and signs it in again by sub', async () => {
      const address = email('g');
      const idToken = await issuer.signIdToken({
        sub: `g-${randomUUID()}`,
        email: address,
        email_verified: true,
        name: 'Gina',
      });
      const first = await users.query(GOOGLE, { idToken });
      expect(first.data.signInWithGoogle.user).toMatchObject({
        email: address,
        fullName: 'Gina',
        role: 'USER',
      });
      const again = await users.query(GOOGLE, { idToken });
      expect(again.data.signInWithGoogle.user.id).toBe(first.data.signInWithGoogle.user.id);
    });

    it('links an existing account only through a verified email, ending the unproven password', async () => {
      // Someone registered this address with a password; registration never proved they own it.
      const account = await register('linkme');
      const unverified = await users.query(GOOGLE, {
        idToken: await issuer.signIdToken({
          sub: `g-${randomUUID()}`,
          email: account.email,
          email_verified: false,
        }),
      });
      expect(codeOf(unverified)).toBe('UNAUTHENTICATED');
      const sub = `g-${randomUUID()}`;
      const verified = await users.query(GOOGLE, {
        idToken: await issuer.signIdToken({ sub, email: account.email, email_verified: true }),
      });
      expect(verified.data.signInWithGoogle.user.id).toBe(account.user.id);
      // The password and the sessions it opened are gone; the Google session works.
      expect(codeOf(await me(account.accessToken))).toBe('UNAUTHENTICATED');
      expect(codeOf(await users.query(LOGIN, { input: { email: account.email, password: PASSWORD } }))).toBe(
        'UNAUTHENTICATED',
      );
      expect((await me(verified.data.signInWithGoogle.accessToken)).errors).toBeUndefined();
      // Another Google account cannot take the address over.
      const other = await users.query(GOOGLE, {
        idToken: await issuer.signIdToken({
          sub: `g-${randomUUID()}`,
          email: account.email,
          email_verified: true,
        }),
      });
      expect(codeOf(other)).toBe('CONFLICT');
    });

    it('lets a Google-only account set a password right after signing in', async () => {
      const address = email('gpw');
      const signedIn = await users.query(GOOGLE, {
        idToken: await issuer.signIdToken({ sub: `g-${randomUUID()}`, email: address, email_verified: true }),
      });
      const CHANGE = 'mutation ($n: String!) { changePassword(currentPassword: "", newPassword: $n) }';
      const changed = await users.query(
        CHANGE,
        { n: 'my first real passphrase' },
        bearer(signedIn.data.signInWithGoogle.accessToken),
      );
      expect(changed.data.changePassword).toBe(true);
      expect(
        (await users.query(LOGIN, { input: { email: address, password: 'my first real passphrase' } }))
          .errors,
      ).toBeUndefined();
    });

    it('refuses tokens for another audience, expired or from another issuer', async () => {
      const claims = { sub: `g-${randomUUID()}`, email: email('g'), email_verified: true };
      const wrongAudience = await issuer.signIdToken(claims, { audience: 'someone-else' });
      const expired = await issuer.signIdToken(claims, { expiresIn: '-1m' });
      const foreign = await startTestOidcIssuer('hiregraph-test-client');
      const otherIssuer = await foreign.signIdToken(claims);
      await foreign.close();
      for (const idToken of [wrongAudience, expired, otherIssuer, 'garbage']) {
        expect(codeOf(await users.query(GOOGLE, { idToken }))).toBe('UNAUTHENTICATED');
      }
    });
  });
});
