import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DEFAULT_MATCH_THRESHOLD } from '@hiregraph/platform/match-threshold';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { usersSubgraph } from '../subgraph.js';
import { preferencesCacheKey } from './preferences.service.js';
import { eventually } from '@hiregraph/platform/testing/namespace';
import type { EventEnvelope } from '@hiregraph/platform/events/envelope';

const FIELDS =
  'theme locale notifications { emailOnMatch weeklyDigest matchDigest productNews } jobSearch { desiredTitles locations remotePolicy minimumSalary salaryCurrency openToRecruiters seniority matchThreshold }';

describe('preferences', () => {
  let users: TestSubgraph;
  beforeAll(async () => {
    users = await startTestSubgraph(usersSubgraph);
  });
  afterAll(() => users.stop());
  const announced: EventEnvelope<'user.preferences_updated'>[] = [];
  beforeAll(() =>
    users.subgraph.runtime.bus.subscribe('user.preferences_updated', 'test_preferences', async (event) => {
      announced.push(event);
    }),
  );

  const signUp = async () => {
    const res = await users.query(
      'mutation ($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }',
      {
        i: { email: `${randomUUID()}@example.com`, password: 'correct horse battery staple', fullName: 'P' },
      },
    );
    return { id: res.data.register.user.id as string, auth: bearer(res.data.register.accessToken) };
  };

  it('starts from defaults, merges partial updates, resets, and keeps the cache in step', async () => {
    const { id, auth } = await signUp();
    const { redis } = users.subgraph.runtime;
    const initial = await users.query(`{ myPreferences { ${FIELDS} } }`, {}, auth);
    expect(initial.data.myPreferences).toMatchObject({
      theme: 'SYSTEM',
      locale: 'en-US',
      jobSearch: { remotePolicy: 'ANY' },
    });
    expect(JSON.parse((await redis.get(preferencesCacheKey(id)))!)).toEqual(initial.data.myPreferences);
    expect(await redis.ttl(preferencesCacheKey(id))).toBeGreaterThan(3500);

    const updated = await users.query(
      `mutation ($i: UpdatePreferencesInput!) { updatePreferences(input: $i) { ${FIELDS} } }`,
      {
        i: {
          theme: 'DARK',
          jobSearch: {
            desiredTitles: ['Backend Engineer'],
            minimumSalary: 90000,
            salaryCurrency: 'EUR',
            openToRecruiters: true,
          },
        },
      },
      auth,
    );
    expect(updated.data.updatePreferences).toMatchObject({
      theme: 'DARK',
      locale: 'en-US',
      notifications: initial.data.myPreferences.notifications,
      jobSearch: {
        desiredTitles: ['Backend Engineer'],
        remotePolicy: 'ANY',
        minimumSalary: 90000,
        salaryCurrency: 'EUR',
        openToRecruiters: true,
      },
    });
    // The write refreshed the cache with the new value.
    expect(JSON.parse((await redis.get(preferencesCacheKey(id)))!)).toEqual(updated.data.updatePreferences);
    const again = await users.query(`{ myPreferences { theme jobSearch { minimumSalary } } }`, {}, auth);
    expect(again.data.myPreferences).toEqual({ theme: 'DARK', jobSearch: { minimumSalary: 90000 } });

    const reset = await users.query('mutation { resetPreferences { theme } }', {}, auth);
    expect(reset.data.resetPreferences).toEqual({ theme: 'SYSTEM' });
    expect((await users.query('{ myPreferences { theme } }', {}, auth)).data.myPreferences).toEqual({
      theme: 'SYSTEM',
    });
  });

  it('announces job-search changes (not theme or locale) with user.preferences_updated', async () => {
    const { id, auth } = await signUp();
    const UPDATE = 'mutation ($i: UpdatePreferencesInput!) { updatePreferences(input: $i) { theme } }';
    await users.query(UPDATE, { i: { theme: 'DARK' } }, auth);
    await users.query(
      UPDATE,
      {
        i: {
          jobSearch: {
            remotePolicy: 'REMOTE',
            seniority: 'SENIOR',
            matchThreshold: 60,
            openToRecruiters: true,
          },
        },
      },
      auth,
    );
    const mine = () => announced.filter((event) => event.data.userId === id);
    await eventually(() => Promise.resolve(mine().length === 1));
    expect(mine()[0].data).toMatchObject({
      remotePolicy: 'REMOTE',
      seniority: 'SENIOR',
      matchThreshold: 60,
      openToRecruiters: true,
      locations: [],
    });
    await users.query('mutation { resetPreferences { theme } }', {}, auth);
    await eventually(() => Promise.resolve(mine().length === 2));
    expect(mine()[1].data).toMatchObject({
      remotePolicy: 'ANY',
      matchThreshold: DEFAULT_MATCH_THRESHOLD,
      openToRecruiters: false,
    });
    const bad = await users.query(UPDATE, { i: { jobSearch: { matchThreshold: 101 } } }, auth);
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'jobSearch.matchThreshold',
    });
    expect(mine().length).toBe(2);
  });

  it('refuses invalid values with coded errors and keeps others’ preferences apart', async () => {
    const a = await signUp();
    const b = await signUp();
    const UPDATE = 'mutation ($i: UpdatePreferencesInput!) { updatePreferences(input: $i) { theme } }';
    const badCurrency = await users.query(UPDATE, { i: { jobSearch: { salaryCurrency: 'euro' } } }, a.auth);
    expect(badCurrency.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'jobSearch.salaryCurrency',
    });
    const badLocale = await users.query(UPDATE, { i: { locale: 'not a locale' } }, a.auth);
    expect(badLocale.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'locale' });
    await users.query(UPDATE, { i: { theme: 'LIGHT' } }, a.auth);
    expect((await users.query('{ myPreferences { theme } }', {}, b.auth)).data.myPreferences).toEqual({
      theme: 'SYSTEM',
    });
    expect((await users.query('{ myPreferences { theme } }')).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
