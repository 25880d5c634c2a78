import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { eventually } from '@hiregraph/platform/testing/namespace';
import {
  bearer,
  schemaDrift,
  startTestSubgraph,
  type TestSubgraph,
} from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { ResumeOwner } from '../owners/owner.entity.js';
import { resumesSubgraph } from '../subgraph.js';
import { Resume } from '../resumes/resume.entity.js';
import { ShareLink } from './sharing.entity.js';
import { SharingService } from './sharing.service.js';

const PRIVATE_READ = `title basics { name email phone location { city address } }
  salaryExpectation { min } work { name } skills { name }`;
const CREATE = `mutation ($input: CreateResumeInput!) { createResume(input: $input) { id } }`;
const PUBLIC = `query ($u: String!) { publicResume(username: $u) { id ${PRIVATE_READ} originalFileKey markdown } }`;
const SHARED = `query ($t: String!) { sharedResume(token: $t) { id ${PRIVATE_READ} } }`;
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Resume { id ${PRIVATE_READ} } } }`;
const SET_PUBLIC = `mutation ($e: Boolean!, $c: Boolean) { setPublicProfile(enabled: $e, showContactDetails: $c) { enabled showContactDetails } }`;
const SHARE = `mutation ($id: ID!, $d: ShareLinkDuration, $x: DateTimeISO) {
  createShareLink(resumeId: $id, duration: $d, expiresAt: $x) { id token expiresAt createdAt } }`;

const fullResume = (title: string) => ({
  title,
  basics: {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+44 20 7946 0000',
    location: { city: 'London', address: '12 St James Square' },
  },
  salaryExpectation: { min: 123456, currency: 'GBP', period: 'YEAR' },
  work: [{ name: 'Analytical Engines Ltd', position: 'Programmer' }],
  skills: [{ name: 'Mathematics' }],
});

describe('sharing', () => {
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
  let serial = 0;
  /** An owner projected with a handle (through user.registered then user.updated, as in production). */
  const ownerWithHandle = async () => {
    const userId = randomUUID();
    const username = `Ada_${Date.now().toString(36)}${(serial += 1)}`;
    await publish(
      createEvent(
        'user.registered',
        { userId, email: 'ada@example.com', fullName: 'Ada' },
        { producer: 'users' },
      ),
    );
    await publish(
      createEvent(
        'user.updated',
        {
          userId,
          fullName: 'Ada',
          username: username.toLowerCase(),
          previousUsername: null,
          changed: ['username'],
        },
        { producer: 'users' },
      ),
    );
    await eventually(async () => (await resumes.em().findOne(ResumeOwner, { userId }))?.username);
    return { userId, username, auth: await as(userId) };
  };
  const create = async (auth: Record<string, string>, title: string) => {
    const res = await resumes.query(CREATE, { input: fullResume(title) }, auth);
    expect(res.errors).toBeUndefined();
    return res.data.createResume.id as string;
  };
  const expectStripped = (resume: Record<string, any>) => {
    expect(resume.salaryExpectation).toBeNull();
    expect(resume.basics).toMatchObject({ name: 'Ada Lovelace', email: null, phone: null });
    expect(resume.basics.location).toEqual({ city: 'London', address: null });
    expect(resume.work).toEqual([{ name: 'Analytical Engines Ltd' }]);
  };

  it('has committed migrations that match its entities', async () => {
    expect(await schemaDrift(resumes.subgraph)).toBe('');
  });

  it('shows only the default resume, only when the owner opted in, without private fields', async () => {
    const owner = await ownerWithHandle();
    const defaultId = await create(owner.auth, 'Default CV');
    await create(owner.auth, 'Second CV');
    // Not opted in: nobody sees it, whatever case the handle is typed in.
    expect((await resumes.query(PUBLIC, { u: owner.username })).data.publicResume).toBeNull();
    const set = await resumes.query(SET_PUBLIC, { e: true }, owner.auth);
    expect(set.data.setPublicProfile).toEqual({ enabled: true, showContactDetails: false });

    for (const u of [owner.username, owner.username.toUpperCase(), ` ${owner.username.toLowerCase()} `]) {
      const res = await resumes.query(PUBLIC, { u });
      expect(res.errors).toBeUndefined();
      expect(res.data.publicResume).toMatchObject({
        id: defaultId,
        title: 'Default CV',
        originalFileKey: null,
      });
      expectStripped(res.data.publicResume);
      expect(res.data.publicResume.markdown).not.toContain('ada@example.com');
    }
    // The owner looking at their own public page sees what the public sees (salary never).
    expectStripped((await resumes.query(PUBLIC, { u: owner.username }, owner.auth)).data.publicResume);

    // Contact details when allowed; salary still not.
    await resumes.query(SET_PUBLIC, { e: true, c: true }, owner.auth);
    const withContact = (await resumes.query(PUBLIC, { u: owner.username }, await as(randomUUID()))).data
      .publicResume;
    expect(withContact.basics).toMatchObject({ email: 'ada@example.com', phone: '+44 20 7946 0000' });
    expect(withContact.basics.location.address).toBe('12 St James Square');
    expect(withContact.salaryExpectation).toBeNull();

    // Turned off again (contact choice kept), and unknown or malformed handles: null.
    const off = await resumes.query(SET_PUBLIC, { e: false }, owner.auth);
    expect(off.data.setPublicProfile).toEqual({ enabled: false, showContactDetails: true });
    expect((await resumes.query(PUBLIC, { u: owner.username })).data.publicResume).toBeNull();
    expect((await resumes.query(PUBLIC, { u: 'nobody-here' })).data.publicResume).toBeNull();
    expect((await resumes.query(PUBLIC, { u: '../x' })).data.publicResume).toBeNull();
    expect((await resumes.query(SET_PUBLIC, { e: true })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('caches handles for 2 h and drops the old one when the handle changes', async () => {
    const owner = await ownerWithHandle();
    await create(owner.auth, 'CV');
    await resumes.query(SET_PUBLIC, { e: true }, owner.auth);
    const { redis } = resumes.subgraph.runtime;
    const oldKey = `personal:user_id:${owner.username.toLowerCase()}`;
    expect((await resumes.query(PUBLIC, { u: owner.username })).data.publicResume).not.toBeNull();
    expect(await redis.get(oldKey)).toBe(owner.userId);
    expect(await redis.ttl(oldKey)).toBeGreaterThan(7000);

    const renamed = `${owner.username.toLowerCase()}x`;
    await publish(
      createEvent(
        'user.updated',
        {
          userId: owner.userId,
          fullName: 'Ada',
          username: renamed,
          previousUsername: owner.username.toLowerCase(),
        },
        { producer: 'users' },
      ),
    );
    await eventually(async () => (await redis.exists(oldKey)) === 0);
    await eventually(
      async () => (await resumes.em().findOne(ResumeOwner, { userId: owner.userId }))?.username === renamed,
    );
    expect((await resumes.query(PUBLIC, { u: owner.username })).data.publicResume).toBeNull();
    expect((await resumes.query(PUBLIC, { u: renamed })).data.publicResume).not.toBeNull();

    // A stale cache entry (the handle moved to someone else) is re-checked, not trusted.
    const other = await ownerWithHandle();
    await redis.set(`personal:user_id:${other.username.toLowerCase()}`, owner.userId, 'EX', 60);
    await create(other.auth, 'Other CV');
    await resumes.query(SET_PUBLIC, { e: true }, other.auth);
    expect((await resumes.query(PUBLIC, { u: other.username })).data.publicResume.title).toBe('Other CV');
  });

  it('share links: token shown once and stored hashed, stripped, views counted, revoked and expired refused', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    const id = await create(auth, 'Shared CV');
    const made = await resumes.query(SHARE, { id, d: 'WEEK' }, auth);
    expect(made.errors).toBeUndefined();
    const link = made.data.createShareLink;
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const week = Date.parse(link.expiresAt) - Date.parse(link.createdAt);
    expect(Math.abs(week - 7 * 86_400_000)).toBeLessThan(60_000);
    const stored = await resumes.em().findOneOrFail(ShareLink, { id: link.id });
    expect(stored.tokenHash).not.toContain(link.token);
    expect(JSON.stringify(stored)).not.toContain(link.token);

    // Someone else's resume cannot be shared; bad expiry is refused.
    expect((await resumes.query(SHARE, { id }, await as(randomUUID()))).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const past = await resumes.query(SHARE, { id, x: new Date(Date.now() - 1000).toISOString() }, auth);
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt' });

    for (const headers of [{}, await as(randomUUID()), auth]) {
      const res = await resumes.query(SHARED, { t: link.token }, headers);
      expect(res.errors).toBeUndefined();
      expect(res.data.sharedResume.id).toBe(id);
      expectStripped(res.data.sharedResume);
    }
    const LIST =
      'query ($id: ID!) { shareLinks(resumeId: $id) { id viewCount lastViewedAt revokedAt expiresAt } }';
    const listed = (await resumes.query(LIST, { id }, auth)).data.shareLinks;
    expect(listed).toEqual([expect.objectContaining({ id: link.id, viewCount: 3, revokedAt: null })]);
    expect(listed[0].lastViewedAt).not.toBeNull();
    expect((await resumes.query(LIST, { id }, await as(randomUUID()))).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );

    // Revoked: refused, not counted.
    const REVOKE = 'mutation ($id: ID!) { revokeShareLink(id: $id) { revokedAt } }';
    expect(
      (await resumes.query(REVOKE, { id: link.id }, await as(randomUUID()))).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await resumes.query(REVOKE, { id: link.id }, auth)).data.revokeShareLink.revokedAt,
    ).not.toBeNull();
    const revoked = await resumes.query(SHARED, { t: link.token });
    expect(revoked.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'REVOKED' });
    expect(revoked.data?.sharedResume ?? null).toBeNull();
    expect((await resumes.query(LIST, { id }, auth)).data.shareLinks[0].viewCount).toBe(3);

    // Expired: an explicit expiry that has passed.
    const soon = await resumes.query(SHARE, { id, x: new Date(Date.now() + 60_000).toISOString() }, auth);
    const expiring = soon.data.createShareLink;
    await resumes
      .em()
      .nativeUpdate(ShareLink, { id: expiring.id }, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await resumes.query(SHARED, { t: expiring.token });
    expect(expired.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'EXPIRED' });

    // Unknown and malformed tokens, and PERMANENT links.
    expect((await resumes.query(SHARED, { t: 'x'.repeat(43) })).errors?.[0].extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await resumes.query(SHARED, { t: 'short' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const permanent = (await resumes.query(SHARE, { id, d: 'PERMANENT' }, auth)).data.createShareLink;
    expect(permanent.expiresAt).toBeNull();
    expect((await resumes.query(SHARED, { t: permanent.token })).data.sharedResume.id).toBe(id);

    // Deleting the resume ends its links.
    await resumes.query('mutation ($id: ID!) { deleteResume(id: $id) }', { id }, auth);
    expect((await resumes.query(SHARED, { t: permanent.token })).errors?.[0].extensions?.code).toBe(
      'NOT_FOUND',
    );
  });

  it('never leaks a cached private resume through the public paths', async () => {
    const owner = await ownerWithHandle();
    const id = await create(owner.auth, 'Cached CV');
    const own = await resumes.query(
      `query ($id: ID!) { resume(id: $id) { ${PRIVATE_READ} } }`,
      { id },
      owner.auth,
    );
    expect(own.data.resume.salaryExpectation).toEqual({ min: 123456 }); // the owner's read filled the cache
    const { redis } = resumes.subgraph.runtime;
    expect(await redis.exists(`cache:resume:${id}`)).toBe(1);
    await resumes.query(SET_PUBLIC, { e: true }, owner.auth);
    expectStripped((await resumes.query(PUBLIC, { u: owner.username })).data.publicResume);
    const token = (await resumes.query(SHARE, { id }, owner.auth)).data.createShareLink.token;
    expectStripped((await resumes.query(SHARED, { t: token })).data.sharedResume);
    // The public copy did not replace the cached one: the owner still reads everything.
    const again = await resumes.query(
      `query ($id: ID!) { resume(id: $id) { ${PRIVATE_READ} } }`,
      { id },
      owner.auth,
    );
    expect(again.data.resume.basics.email).toBe('ada@example.com');
    expect(again.data.resume.salaryExpectation).toEqual({ min: 123456 });
  });

  it('never lets a read that raced an edit put removed contact details back in the cache', async () => {
    const owner = await ownerWithHandle();
    const id = await create(owner.auth, 'Raced CV');
    await resumes.query(SET_PUBLIC, { e: true, c: true }, owner.auth);
    // The reader misses the cache and reads the row with the email; it is held right after its read.
    const em = resumes.em();
    const findOne = em.findOne.bind(em);
    let readDone!: () => void;
    let release!: () => void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    const barrier = new Promise<void>((resolve) => (release = resolve));
    em.findOne = (async (...args: Parameters<typeof findOne>) => {
      const row = await findOne(...args);
      if (args[0] === Resume) {
        readDone();
        await barrier;
      }
      return row;
    }) as typeof em.findOne;
    const reader = new SharingService(em, resumes.subgraph.runtime.redis).publicResume(owner.username);
    await read;
    // Meanwhile the owner removes their contact details (committed, cache invalidated).
    const edit = await resumes.query(
      'mutation ($id: ID!) { updateResume(id: $id, input: { version: 1, basics: { name: "Ada Lovelace" } }) { id } }',
      { id },
      owner.auth,
    );
    expect(edit.errors).toBeUndefined();
    release();
    expect((await reader)?.document.basics.email).toBe('ada@example.com'); // it read before the edit
    // The late reader did not write the old copy back: the public page no longer shows the email.
    expect(await resumes.subgraph.runtime.redis.exists(`cache:resume:${id}`)).toBe(0);
    const page = (await resumes.query(PUBLIC, { u: owner.username })).data.publicResume;
    expect(page.basics.email).toBeNull();
    expect(page.basics.phone).toBeNull();
  });

  it('through _entities, gives anonymous and other viewers only public resumes, stripped', async () => {
    const owner = await ownerWithHandle();
    const publicId = await create(owner.auth, 'Public CV'); // the default
    const privateId = await create(owner.auth, 'Private CV');
    const ask = async (id: string, headers: Record<string, string> = {}) =>
      resumes.query(ENTITIES, { r: [{ __typename: 'Resume', id }] }, headers);

    // Nothing public yet: anonymous → no data, others → FORBIDDEN, owner → everything.
    for (const id of [publicId, privateId]) {
      const anonymous = await ask(id);
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(anonymous.data?._entities?.[0] ?? null).toBeNull();
      const other = await ask(id, await as(randomUUID()));
      expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(other.data?._entities?.[0] ?? null).toBeNull();
    }
    const mine = await ask(privateId, owner.auth);
    expect(mine.data._entities[0].salaryExpectation).toEqual({ min: 123456 });

    // A share link does not open the resume to references.
    await resumes.query(SHARE, { id: privateId }, owner.auth);
    expect((await ask(privateId)).data?._entities?.[0] ?? null).toBeNull();

    // Public profile: the default resume resolves for anyone, stripped; the other one still does not.
    await resumes.query(SET_PUBLIC, { e: true }, owner.auth);
    const anonymous = await ask(publicId);
    expect(anonymous.errors).toBeUndefined();
    expectStripped(anonymous.data._entities[0]);
    expect((await ask(privateId)).data?._entities?.[0] ?? null).toBeNull();
    expectStripped((await ask(publicId, await as(randomUUID()))).data._entities[0]);
  });

  it('forgets handles, profiles and share links on user.deleted', async () => {
    const owner = await ownerWithHandle();
    const id = await create(owner.auth, 'CV');
    await resumes.query(SET_PUBLIC, { e: true }, owner.auth);
    const token = (await resumes.query(SHARE, { id }, owner.auth)).data.createShareLink.token;
    expect((await resumes.query(PUBLIC, { u: owner.username })).data.publicResume).not.toBeNull();
    await publish(createEvent('user.deleted', { userId: owner.userId }, { producer: 'users' }));
    await eventually(async () => !(await resumes.em().findOne(ResumeOwner, { userId: owner.userId })));
    expect((await resumes.query(PUBLIC, { u: owner.username })).data.publicResume).toBeNull();
    expect((await resumes.query(SHARED, { t: token })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await resumes.em().count(ShareLink, { ownerId: owner.userId })).toBe(0);
  });
});
