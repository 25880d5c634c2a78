import 'reflect-metadata';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { eventStreamName } from '@hiregraph/libs/events/bus';
import { schemaDrift, startTestSubgraph, type TestSubgraph } from '@hiregraph/libs/testing/subgraph';
import { usersSubgraph } from '../subgraph.js';

const CREATE = `mutation ($input: CreateUserInput!) { createUser(input: $input) { id email fullName createdAt } }`;

describe('users subgraph', () => {
  let users: TestSubgraph;
  beforeAll(async () => {
    users = await startTestSubgraph(usersSubgraph);
  });
  afterAll(() => users.stop());

  it('has committed migrations that match its entities', async () => {
    expect(await schemaDrift(users.subgraph)).toBe('');
  });

  it('creates a user with a normalized email and announces user.registered', async () => {
    const res = await users.query(CREATE, {
      input: { email: '  Ada@Example.COM ', fullName: ' Ada Lovelace ' },
    });
    expect(res.errors).toBeUndefined();
    const user = res.data.createUser;
    expect(user).toMatchObject({ email: 'ada@example.com', fullName: 'Ada Lovelace' });

    const connection = users.subgraph.runtime.bus.connection;
    const jsm = await jetstreamManager(connection);
    await jsm.consumers.add(eventStreamName(users.ns.name), { durable_name: 'inspect_registered' });
    const consumer = await jetstream(connection).consumers.get(
      eventStreamName(users.ns.name),
      'inspect_registered',
    );
    const msg = await consumer.next({ expires: 5000 });
    expect(msg?.subject).toBe(`${users.ns.name}.events.user.registered`);
    expect(msg?.json()).toMatchObject({
      type: 'user.registered',
      version: 1,
      producer: 'users',
      data: { userId: user.id, email: 'ada@example.com', fullName: 'Ada Lovelace' },
    });
  });

  it('rejects bad input and duplicate emails with coded errors, writing nothing', async () => {
    const bad = await users.query(CREATE, { input: { email: 'not-an-email', fullName: 'X' } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    const blank = await users.query(CREATE, { input: { email: 'x@example.com', fullName: '   ' } });
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fullName' });

    await users.query(CREATE, { input: { email: 'dup@example.com', fullName: 'One' } });
    const duplicate = await users.query(CREATE, { input: { email: 'DUP@example.com', fullName: 'Two' } });
    expect(duplicate.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });

    const rows = await users
      .em()
      .execute<{ count: string }[]>(
        "select (select count(*) from users where email like 'dup@%') + (select count(*) from outbox where payload->'data'->>'email' = 'x@example.com') as count",
      );
    expect(Number(rows[0].count)).toBe(1);
  });

  it('looks users up by id and validates ids and limits', async () => {
    const created = await users.query(CREATE, { input: { email: 'grace@example.com', fullName: 'Grace' } });
    const id = created.data.createUser.id;
    const found = await users.query('query ($id: ID!) { user(id: $id) { id fullName } }', { id });
    expect(found.data.user).toEqual({ id, fullName: 'Grace' });
    const badId = await users.query('{ user(id: "nope") { id } }');
    expect(badId.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badLimit = await users.query('{ users(limit: 0) { id } }');
    expect(badLimit.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves User entity references in one batch', async () => {
    const a = (await users.query(CREATE, { input: { email: 'ref-a@example.com', fullName: 'A' } })).data
      .createUser;
    const res = await users.query(
      'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id fullName } } }',
      {
        reps: [
          { __typename: 'User', id: a.id },
          { __typename: 'User', id: '01a20000-0000-7000-8000-000000000000' },
        ],
      },
    );
    expect(res.data._entities).toEqual([{ id: a.id, fullName: 'A' }, null]);
  });
});
