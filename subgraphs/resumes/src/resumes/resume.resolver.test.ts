import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { eventSubject } from '@hiregraph/platform/events/bus';
import { detachedMapper } from '@hiregraph/platform/db/detached';
import { newId } from '@hiregraph/platform/ids';
import { userObjectPrefix } from '@hiregraph/platform/s3';
import { eventuallyConsumed } from '@hiregraph/platform/testing/consumers';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { lockWaiters, untilSettledOrBlocked } from '@hiregraph/platform/testing/locks';
import {
  bearer,
  schemaDrift,
  startTestSubgraph,
  type GraphQLResponse,
  type TestSubgraph,
} from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { resumesSubgraph } from '../subgraph.js';
import { ResumeOwner } from '../owners/owner.entity.js';
import type { ResumesServices } from '../services.js';
import { Resume } from './resume.entity.js';

const CREATE = `mutation ($input: CreateResumeInput!) { createResume(input: $input) { id title owner { id } } }`;

describe('resumes subgraph', () => {
  let resumes: TestSubgraph;
  let tokens: TestTokenIssuer;
  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    resumes = await startTestSubgraph(resumesSubgraph, { env: { AUTH_JWKS_URL: tokens.jwksUrl } });
  });
  afterAll(async () => {
    await resumes.stop();
    await tokens.close();
  });

  const as = async (userId: string, role: 'USER' | 'ADMIN' = 'USER') =>
    bearer(await tokens.token({ userId, role }));
  const publish = (event: ReturnType<typeof createEvent>) => resumes.subgraph.runtime.bus.publish(event);

  it('has committed migrations that match its entities', async () => {
    expect(await schemaDrift(resumes.subgraph)).toBe('');
  });

  it('projects user.registered once, even when the event is delivered again', async () => {
    const event = createEvent(
      'user.registered',
      { userId: newId(), email: 'ann@example.com', fullName: 'Ann' },
      { producer: 'users' },
    );
    await publish(event);
    await eventually(() => resumes.em().findOne(ResumeOwner, { userId: event.data.userId }));
    // Redeliveries JetStream cannot dedupe (other message ids, same event id) with another name:
    // applied again, the projection would overwrite the name, so a doubled effect shows.
    const { connection } = resumes.subgraph.runtime.bus;
    let lastSeq = 0;
    for (const fullName of ['Changed', 'Changed again']) {
      const ack = await jetstream(connection).publish(
        eventSubject(resumes.ns.name, event.type),
        JSON.stringify({ ...event, data: { ...event.data, fullName } }),
        { msgID: newId() },
      );
      lastSeq = ack.seq;
    }
    await eventuallyConsumed(connection, resumes.ns.name, 'resumes_owner_projection', lastSeq);

    expect((await resumes.em().findOneOrFail(ResumeOwner, { userId: event.data.userId })).fullName).toBe(
      'Ann',
    );
    const [row] = await resumes
      .em()
      .execute<{ count: string }[]>('select count(*) as count from processed_events where event_id = ?', [
        event.id,
      ]);
    expect(Number(row.count)).toBe(1);
  });

  it('creates resumes for the signed-in user and shows them to that user and admins only', async () => {
    const owner = randomUUID();
    const anonymous = await resumes.query(CREATE, { input: { title: 'CV' } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const blank = await resumes.query(CREATE, { input: { title: ' ' } }, await as(owner));
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });

    const created = await resumes.query(CREATE, { input: { title: 'Backend CV' } }, await as(owner));
    expect(created.data.createResume).toMatchObject({ title: 'Backend CV', owner: { id: owner } });
    const id = created.data.createResume.id;
    const read = (headers: Record<string, string>) =>
      resumes.query('query ($id: ID!) { resume(id: $id) { title } }', { id }, headers);
    expect((await read(await as(owner))).data.resume).toEqual({ title: 'Backend CV' });
    expect((await read(await as(randomUUID(), 'ADMIN'))).data.resume).toEqual({ title: 'Backend CV' });
    expect((await read(await as(randomUUID()))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mine = await resumes.query('{ myResumes { nodes { title } } }', {}, await as(owner));
    expect(mine.data.myResumes.nodes).toEqual([{ title: 'Backend CV' }]);
    const others = await resumes.query(
      'query ($o: ID!) { resumes(ownerId: $o) { totalCount } }',
      { o: owner },
      await as(randomUUID()),
    );
    expect(others.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('deletes a user’s resumes, files and projection on user.deleted', async () => {
    const owner = randomUUID();
    await resumes.query(CREATE, { input: { title: 'To be deleted' } }, await as(owner));
    const { storage, config } = resumes.subgraph.runtime;
    await storage.putObject(
      config.S3_BUCKET,
      `${userObjectPrefix(owner)}resume.pdf`,
      Buffer.from('%PDF-1.4'),
    );
    await publish(
      createEvent(
        'user.registered',
        { userId: owner, email: 'gone@example.com', fullName: 'Gone' },
        { producer: 'users' },
      ),
    );
    await eventually(() => resumes.em().findOne(ResumeOwner, { userId: owner }));

    await publish(createEvent('user.deleted', { userId: owner }, { producer: 'users' }));
    await eventually(async () => (await resumes.em().count(Resume, { ownerId: owner })) === 0);
    await eventually(async () => (await resumes.em().count(ResumeOwner, { userId: owner })) === 0);
    const left: string[] = [];
    for await (const item of storage.listObjectsV2(config.S3_BUCKET, userObjectPrefix(owner), true))
      left.push(item.name!);
    expect(left).toEqual([]);
  });

  it('does not bring a deleted user back: late user.registered is ignored and in-flight creates are refused', async () => {
    const userId = randomUUID();
    const auth = await as(userId);
    await publish(createEvent('user.deleted', { userId }, { producer: 'users' }));
    await eventually(
      async () => (await resumes.em().execute('select 1 from tombstones where id = ?', [userId]))[0],
    );
    const late = createEvent(
      'user.registered',
      { userId, email: 'late@example.com', fullName: 'Late' },
      { producer: 'users' },
    );
    await publish(late);
    await eventually(
      async () =>
        (await resumes.em().execute('select 1 from processed_events where event_id = ?', [late.id]))[0],
    );
    expect(await resumes.em().count(ResumeOwner, { userId })).toBe(0);
    const create = await resumes.query(CREATE, { input: { title: 'In flight' } }, auth);
    expect(create.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await resumes.em().count(Resume, { ownerId: userId })).toBe(0);
  });

  it('lists resumes as read-only rows that answer field for field as a single read does', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    const imported = await resumes.query(
      'mutation ($d: JSON!) { importJsonResume(title: "Full", document: $d) { id } }',
      {
        d: {
          basics: {
            name: 'Ada',
            email: 'ada@example.com',
            phone: '+44 20 1234',
            location: { city: 'London', address: '1 Lovelace Way' },
          },
          work: [{ name: 'Acme', position: 'Engineer', startDate: '2019-01-01' }],
          skills: [{ name: 'Go', keywords: ['grpc'] }],
        },
      },
      auth,
    );
    expect(imported.errors).toBeUndefined();
    const id = imported.data.importJsonResume.id as string;
    await resumes.query(CREATE, { input: { title: 'Second' } }, auth);
    const FIELDS = `id title isDefault status statusDetail statusReason version source originalFileKey
      markdown createdAt updatedAt basics { name email phone location { city address } }
      salaryExpectation { currency } work { name position startDate } skills { name keywords }
      sections { kind visible } owner { id }`;
    const single = await resumes.query(`query ($id: ID!) { resume(id: $id) { ${FIELDS} } }`, { id }, auth);
    expect(single.data.resume).toMatchObject({
      id,
      title: 'Full',
      isDefault: true,
      status: 'PARSED',
      version: 1,
      source: 'JSON_RESUME',
      basics: {
        name: 'Ada',
        email: 'ada@example.com',
        phone: '+44 20 1234',
        location: { city: 'London', address: '1 Lovelace Way' },
      },
      work: [{ name: 'Acme', position: 'Engineer', startDate: '2019-01-01' }],
      skills: [{ name: 'Go', keywords: ['grpc'] }],
      owner: { id: owner },
    });
    expect(single.data.resume.markdown).toContain('Acme');

    const listed = await resumes.query(`{ myResumes { nodes { ${FIELDS} } } }`, {}, auth);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.myResumes.nodes.map((node: { title: string }) => node.title)).toEqual([
      'Second',
      'Full',
    ]);
    expect(listed.data.myResumes.nodes[1]).toEqual(single.data.resume);
    const asAdmin = await resumes.query(
      `query ($o: ID!) { resumes(ownerId: $o) { nodes { ${FIELDS} } } }`,
      { o: owner },
      await as(randomUUID(), 'ADMIN'),
    );
    expect(asAdmin.data.resumes.nodes).toEqual(listed.data.myResumes.nodes);
    // A few columns only (the fields selected): the same values as the whole row's.
    const narrow = await resumes.query(
      '{ myResumes(first: 1) { nodes { title createdAt } edges { node { isDefault version } } } }',
      {},
      auth,
    );
    const [second] = listed.data.myResumes.nodes;
    expect(narrow.data.myResumes).toEqual({
      nodes: [{ title: 'Second', createdAt: second.createdAt }],
      edges: [{ node: { isDefault: false, version: 1 } }],
    });
    // Another owner's filter, the same compiled query: only that owner's rows.
    const stranger = await resumes.query('{ myResumes { nodes { title } } }', {}, await as(randomUUID()));
    expect(stranger.data.myResumes.nodes).toEqual([]);
    // Compiled once per filter shape, not once per owner.
    const selects = [...(detachedMapper(resumes.em(), Resume)?.selects.keys() ?? [])];
    expect(selects.length).toBeGreaterThan(0);
    expect(selects.filter((key) => key.includes(owner))).toEqual([]);
  });

  it('pages through a user’s resumes, newest first, past any former limit', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    for (let i = 0; i < 5; i++) await resumes.query(CREATE, { input: { title: `CV ${i}` } }, auth);
    const PAGE = `query ($first: Int!, $after: String) { myResumes(first: $first, after: $after) {
      totalCount nodes { title } edges { cursor node { title } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const titles: string[] = [];
    let after: string | null = null;
    for (let pages = 1; ; pages++) {
      const page: GraphQLResponse = await resumes.query(PAGE, { first: 2, after }, auth);
      const connection = page.data.myResumes;
      expect(connection.totalCount).toBe(5);
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(connection.edges.map((edge: { node: unknown }) => edge.node)).toEqual(connection.nodes);
      expect(connection.pageInfo.startCursor).toBe(connection.edges[0].cursor);
      titles.push(...connection.nodes.map((node: { title: string }) => node.title));
      after = connection.pageInfo.endCursor;
      if (!connection.pageInfo.hasNextPage) break;
      expect(pages).toBeLessThan(3);
    }
    expect(titles).toEqual(['CV 4', 'CV 3', 'CV 2', 'CV 1', 'CV 0']);

    const tooMany = await resumes.query(PAGE, { first: 101 }, auth);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    for (const bad of ['nonsense', Buffer.from('["2026-01-01T00:00:00.000Z","x"]').toString('base64url')]) {
      const forged = await resumes.query(PAGE, { first: 2, after: bad }, auth);
      expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });

  // The deletion runs in a transaction this test holds open until every racing operation has gone
  // as far as it can (finished, or waiting for a lock): the worst interleaving, on every run.
  it('leaves no resume behind when creates race the account deletion', async () => {
    const userId = randomUUID();
    const auth = await as(userId);
    await resumes.query(CREATE, { input: { title: 'Before' } }, auth);
    const owners = (resumes.subgraph.services as ResumesServices).owners;
    let creates: Promise<GraphQLResponse>[] = [];
    await resumes.em().transactional(async (tx) => {
      await owners.forget(tx, userId);
      creates = Array.from({ length: 5 }, (_, i) =>
        resumes.query(CREATE, { input: { title: `Racing ${i}` } }, auth),
      );
      await untilSettledOrBlocked(resumes.em(), creates);
    });
    const results = await Promise.all(creates);
    expect(await resumes.em().count(Resume, { ownerId: userId })).toBe(0);
    for (const result of results) expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('does not bring back a person whose user.registered is replayed during their deletion', async () => {
    const userId = randomUUID();
    const data = { userId, email: 'replayed@example.com', fullName: 'Replayed' };
    await publish(createEvent('user.registered', data, { producer: 'users' }));
    await eventually(() => resumes.em().findOne(ResumeOwner, { userId }));
    // Emitted again (another event id, so not deduplicated), e.g. by an operator's replay.
    const replay = createEvent('user.registered', data, { producer: 'users' });
    const handled = async () =>
      (await resumes.em().execute('select 1 from processed_events where event_id = ?', [replay.id])).length >
      0;
    await resumes.em().transactional(async (tx) => {
      await (resumes.subgraph.services as ResumesServices).owners.forget(tx, userId);
      await publish(replay);
      await eventually(async () => (await handled()) || (await lockWaiters(resumes.em())) > 0);
    });
    await eventually(handled);
    expect(await resumes.em().count(ResumeOwner, { userId })).toBe(0);
  });
});
