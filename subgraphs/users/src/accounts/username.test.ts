import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@hiregraph/platform/events/envelope';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { usersSubgraph } from '../subgraph.js';

const SET = 'mutation ($u: String!) { setUsername(username: $u) { id username } }';

describe('usernames', () => {
  let users: TestSubgraph;
  const updates: EventEnvelope<'user.updated'>[] = [];
  const registrations: EventEnvelope<'user.registered'>[] = [];
  beforeAll(async () => {
    users = await startTestSubgraph(usersSubgraph);
    await users.subgraph.runtime.bus.subscribe('user.updated', 'test_user_updated', async (event) => {
      updates.push(event);
    });
    await users.subgraph.runtime.bus.subscribe('user.registered', 'test_user_registered', async (event) => {
      registrations.push(event);
    });
  });
  afterAll(() => users.stop());

  const signUp = async () => {
    const res = await users.query(
      'mutation ($i: RegisterInput!) { register(input: $i) { accessToken user { id username } } }',
      {
        i: {
          email: `${randomUUID()}@example.com`,
          password: 'correct horse battery staple',
          fullName: 'Uma',
        },
      },
    );
    expect(res.data.register.user.username).toBeNull();
    return { id: res.data.register.user.id as string, auth: bearer(res.data.register.accessToken) };
  };
  let serial = 0;
  const fresh = () => `uma${Date.now().toString(36)}${(serial += 1)}`;

  it('validates handles with a coded error naming the field', async () => {
    const { auth } = await signUp();
    for (const [bad, message] of [
      ['ab', /at least 3/],
      ['a'.repeat(31), /at most 30/],
      ['1abc', /starts with a letter/],
      ['_abc', /starts with a letter/],
      ['ab c', /only letters/],
      ['abc.def', /only letters/],
      ['jürgen', /only letters/],
      ['admin', /reserved/],
      ['API', /reserved/],
      ['GraphQL', /reserved/],
      ['www', /reserved/],
      ['support', /reserved/],
      ['root', /reserved/],
      ['me', /at least 3|reserved/],
      ['settings', /reserved/],
    ] as const) {
      const res = await users.query(SET, { u: bad }, auth);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username' });
      expect(res.errors?.[0].message).toMatch(message);
    }
    expect((await users.query(SET, { u: fresh() })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stores handles lower-cased, unique in any case, changeable, and announces each change', async () => {
    const ann = await signUp();
    const bob = await signUp();
    const handle = fresh();
    const set = await users.query(SET, { u: ` ${handle.toUpperCase()}_x-1 ` }, ann.auth);
    expect(set.errors).toBeUndefined();
    expect(set.data.setUsername).toEqual({ id: ann.id, username: `${handle}_x-1` });

    // Taken, whatever the case: CONFLICT, and Bob keeps none.
    const taken = await users.query(SET, { u: `${handle}_X-1` }, bob.auth);
    expect(taken.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'username' });
    expect((await users.query('{ me { username } }', {}, bob.auth)).data.me.username).toBeNull();

    // Public: another signed-in user sees it.
    const seen = await users.query(
      'query ($id: ID!) { user(id: $id) { username } }',
      { id: ann.id },
      bob.auth,
    );
    expect(seen.data.user.username).toBe(`${handle}_x-1`);

    // Setting the same handle again changes nothing and announces nothing.
    await users.query(SET, { u: `${handle}_x-1` }, ann.auth);
    const renamed = await users.query(SET, { u: `${handle}_y` }, ann.auth);
    expect(renamed.data.setUsername.username).toBe(`${handle}_y`);
    // The released handle is free again.
    expect((await users.query(SET, { u: `${handle}_x-1` }, bob.auth)).data.setUsername.username).toBe(
      `${handle}_x-1`,
    );

    await eventually(async () => updates.filter((e) => e.data.userId === ann.id).length === 2);
    const annUpdates = updates.filter((e) => e.data.userId === ann.id).map((e) => e.data);
    expect(annUpdates).toEqual([
      expect.objectContaining({
        username: `${handle}_x-1`,
        previousUsername: null,
        changed: ['username'],
        fullName: 'Uma',
      }),
      expect.objectContaining({
        username: `${handle}_y`,
        previousUsername: `${handle}_x-1`,
        changed: ['username'],
      }),
    ]);
    await eventually(async () => registrations.some((e) => e.data.userId === ann.id));
    expect(registrations.find((e) => e.data.userId === ann.id)!.data).toMatchObject({ username: null });
  });

  it('announces profile changes with user.updated', async () => {
    const { id, auth } = await signUp();
    const res = await users.query(
      'mutation { updateProfile(input: { fullName: "Uma Thurman" }) { fullName } }',
      {},
      auth,
    );
    expect(res.data.updateProfile.fullName).toBe('Uma Thurman');
    await eventually(async () => updates.some((e) => e.data.userId === id));
    expect(updates.find((e) => e.data.userId === id)!.data).toMatchObject({
      fullName: 'Uma Thurman',
      username: null,
      changed: ['fullName'],
    });
  });
});
