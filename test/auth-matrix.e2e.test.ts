import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import { isObjectType } from 'graphql';
import type { GraphQLResponse } from '@hiregraph/libs/testing/subgraph';
import { eventually } from '@hiregraph/libs/testing/namespace';
import { PASSWORD, startE2EPlatform, type Account, type E2EPlatform } from './support/platform.js';

/**
 * The authorization matrix: every root field of the published supergraph, asked by an anonymous
 * client, by the owner of the data, by another signed-in user and by an admin. Adding a field
 * without an entry here fails the first test.
 */
type Persona = 'anonymous' | 'owner' | 'other' | 'admin';
const PERSONAS: Persona[] = ['anonymous', 'owner', 'other', 'admin'];
/** 'ok' = no error; otherwise the error code the first error must carry. */
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_CONFIGURED';

interface Fixture {
  /** Who acts as the owner: the account owning the data the operation touches. */
  owner: Account;
  variables: Record<string, unknown>;
}

interface Entry {
  query: string;
  /** Builds fresh data for one persona's attempt (destructive operations need their own). */
  fixture: (e2e: E2EPlatform) => Promise<Fixture>;
  expect: Record<Persona, Outcome>;
}

const everyone = (outcome: Outcome): Record<Persona, Outcome> => ({
  anonymous: outcome,
  owner: outcome,
  other: outcome,
  admin: outcome,
});
const signedIn: Record<Persona, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  owner: 'ok',
  other: 'ok',
  admin: 'ok',
};
const ownerOrAdmin: Record<Persona, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  owner: 'ok',
  other: 'FORBIDDEN',
  admin: 'ok',
};
const adminOnly: Record<Persona, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  owner: 'FORBIDDEN',
  other: 'FORBIDDEN',
  admin: 'ok',
};

let serial = 0;
const unique = () => `m${Date.now().toString(36)}${(serial += 1)}`;
const self = async (e2e: E2EPlatform): Promise<Fixture> => ({
  owner: await e2e.register('Owner'),
  variables: {},
});
const withResume = async (e2e: E2EPlatform): Promise<Fixture> => {
  const owner = await e2e.register('Owner');
  const res = await e2e.gateway(
    'mutation { createResume(input: { title: "CV" }) { id } }',
    {},
    owner.accessToken,
  );
  return {
    owner,
    variables: { id: res.data.createResume.id, resumeId: res.data.createResume.id, ownerId: owner.id },
  };
};
const withJob = async (e2e: E2EPlatform): Promise<Fixture> => {
  const admin = await e2e.admin();
  const owner = await e2e.register('Recruiter');
  await e2e.gateway(
    'mutation ($id: ID!) { changeRole(userId: $id, role: RECRUITER) { id } }',
    { id: owner.id },
    admin.accessToken,
  );
  const login = await e2e.gateway(
    'mutation ($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }',
    { i: { email: owner.email, password: PASSWORD } },
  );
  const recruiter = { ...owner, ...login.data.login };
  const res = await e2e.gateway(
    'mutation { postJob(input: { title: "Engineer", company: "Acme" }) { id } }',
    {},
    recruiter.accessToken,
  );
  return { owner: recruiter, variables: { id: res.data.postJob.id } };
};
const withMatch = async (e2e: E2EPlatform): Promise<Fixture> => {
  const { owner, variables } = await withResume(e2e);
  const admin = await e2e.admin();
  const job = await e2e.gateway(
    'mutation { postJob(input: { title: "Engineer", company: "Acme" }) { id } }',
    {},
    admin.accessToken,
  );
  const matchId = await eventually(async () => {
    const res = await e2e.gateway(
      'mutation ($input: RecordMatchInput!) { recordMatch(input: $input) { id } }',
      { input: { resumeId: variables.resumeId, jobId: job.data.postJob.id, score: 0.5 } },
      admin.accessToken,
    );
    return res.data?.recordMatch?.id as string | undefined;
  });
  return {
    owner,
    variables: {
      ...variables,
      id: matchId,
      input: { resumeId: variables.resumeId, jobId: job.data.postJob.id, score: 0.7 },
    },
  };
};

const MATRIX: Record<string, Entry> = {
  'Query.me': { query: '{ me { id email } }', fixture: self, expect: { ...signedIn } },
  'Query.user': {
    // Public profile to anyone signed in; the private email to the user and admins only.
    query: 'query ($id: ID!) { user(id: $id) { id fullName email } }',
    fixture: async (e2e) => {
      const owner = await e2e.register('Owner');
      return { owner, variables: { id: owner.id } };
    },
    expect: ownerOrAdmin,
  },
  'Query.users': {
    query: '{ users(first: 5) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }',
    fixture: self,
    expect: adminOnly,
  },
  'Query.myPreferences': { query: '{ myPreferences { theme } }', fixture: self, expect: signedIn },
  'Query.resume': {
    query: 'query ($id: ID!) { resume(id: $id) { id title } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Query.myResumes': {
    query: '{ myResumes { totalCount edges { cursor node { id } } } }',
    fixture: self,
    expect: signedIn,
  },
  'Query.resumes': {
    query: 'query ($ownerId: ID!) { resumes(ownerId: $ownerId) { nodes { id } } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Query.job': {
    query: 'query ($id: ID!) { job(id: $id) { id title } }',
    fixture: withJob,
    expect: everyone('ok'),
  },
  'Query.jobs': {
    query: '{ jobs(first: 5) { nodes { id } pageInfo { hasNextPage endCursor } } }',
    fixture: self,
    expect: everyone('ok'),
  },
  'Query.searchJobs': {
    // Open postings are public, like job and jobs.
    query: '{ searchJobs(query: "engineer", first: 5) { totalCount nodes { id } pageInfo { hasNextPage } } }',
    fixture: withJob,
    expect: everyone('ok'),
  },
  'Query.match': {
    query: 'query ($id: ID!) { match(id: $id) { id score resume { title } job { title } } }',
    fixture: withMatch,
    expect: ownerOrAdmin,
  },
  'Query.matchesForResume': {
    query: 'query ($resumeId: ID!) { matchesForResume(resumeId: $resumeId) { id } }',
    fixture: withMatch,
    expect: ownerOrAdmin,
  },
  'Mutation.register': {
    query: 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }',
    fixture: async (e2e) => ({
      owner: await e2e.register('Owner'),
      variables: { input: { email: `${unique()}@example.com`, password: PASSWORD, fullName: 'New' } },
    }),
    expect: everyone('ok'),
  },
  'Mutation.login': {
    query: 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
    fixture: async (e2e) => {
      const owner = await e2e.register('Owner');
      return { owner, variables: { input: { email: owner.email, password: PASSWORD } } };
    },
    expect: everyone('ok'),
  },
  'Mutation.signInWithGoogle': {
    // No Google client is configured on this platform: a coded refusal for everyone.
    query: 'mutation { signInWithGoogle(idToken: "x") { accessToken } }',
    fixture: self,
    expect: everyone('NOT_CONFIGURED'),
  },
  'Mutation.refreshToken': {
    // The refresh token itself is the credential, whoever sends it.
    query: 'mutation ($token: String!) { refreshToken(token: $token) { accessToken } }',
    fixture: async (e2e) => {
      const owner = await e2e.register('Owner');
      return { owner, variables: { token: owner.refreshToken } };
    },
    expect: everyone('ok'),
  },
  'Mutation.logout': { query: 'mutation { logout }', fixture: self, expect: signedIn },
  'Mutation.logoutAll': { query: 'mutation { logoutAll }', fixture: self, expect: signedIn },
  'Mutation.changePassword': {
    // Acts on the caller's own account; the current password is the caller's (the owner's here).
    query:
      'mutation { changePassword(currentPassword: "correct horse battery staple", newPassword: "another long passphrase") }',
    fixture: self,
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'ok', other: 'ok', admin: 'FORBIDDEN' },
  },
  'Mutation.rotateSigningKey': { query: 'mutation { rotateSigningKey }', fixture: self, expect: adminOnly },
  'Mutation.updateProfile': {
    query: 'mutation { updateProfile(input: { fullName: "Renamed" }) { fullName } }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.changeRole': {
    query: 'mutation ($id: ID!) { changeRole(userId: $id, role: RECRUITER) { id } }',
    fixture: async (e2e) => {
      const owner = await e2e.register('Owner');
      const target = await e2e.register('Target');
      return { owner, variables: { id: target.id } };
    },
    expect: adminOnly,
  },
  'Mutation.deleteAccount': {
    query: 'mutation { deleteAccount(password: "correct horse battery staple") }',
    fixture: self,
    // Each caller deletes only their own account; the admin's password differs, so it is refused.
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'ok', other: 'ok', admin: 'FORBIDDEN' },
  },
  'Mutation.updatePreferences': {
    query: 'mutation { updatePreferences(input: { theme: DARK }) { theme } }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.resetPreferences': {
    query: 'mutation { resetPreferences { theme } }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.createResume': {
    query: 'mutation { createResume(input: { title: "Mine" }) { id } }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.deleteResume': {
    query: 'mutation ($id: ID!) { deleteResume(id: $id) }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Mutation.postJob': {
    query: 'mutation { postJob(input: { title: "T", company: "C" }) { id } }',
    fixture: withJob, // the owner is a recruiter; "other" is a plain user, who may not post
    expect: ownerOrAdmin,
  },
  'Mutation.updateJob': {
    query: 'mutation ($id: ID!) { updateJob(id: $id, input: { title: "Renamed" }) { id title } }',
    fixture: withJob,
    expect: ownerOrAdmin,
  },
  'Mutation.closeJob': {
    query: 'mutation ($id: ID!) { closeJob(id: $id) { id isActive } }',
    fixture: withJob,
    expect: ownerOrAdmin,
  },
  'Mutation.recordMatch': {
    query: 'mutation ($input: RecordMatchInput!) { recordMatch(input: $input) { id } }',
    fixture: withMatch,
    expect: adminOnly,
  },
};

function rootFields(): string[] {
  const supergraphPath = fileURLToPath(new URL('../schema/supergraph.graphql', import.meta.url));
  const api = Supergraph.build(readFileSync(supergraphPath, 'utf8')).apiSchema().toGraphQLJSSchema();
  return ['Query', 'Mutation', 'Subscription'].flatMap((typeName) => {
    const type = api.getType(typeName);
    return type && isObjectType(type)
      ? Object.keys(type.getFields()).map((field) => `${typeName}.${field}`)
      : [];
  });
}

const outcomeOf = (res: GraphQLResponse): Outcome =>
  res.errors?.length ? (res.errors[0].extensions?.code as Outcome) : 'ok';

describe('authorization matrix (through the gateway)', () => {
  it('has an entry for every root field of the published schema, and none for fields that are gone', () => {
    const fields = rootFields();
    expect(fields.filter((field) => !(field in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((field) => !fields.includes(field))).toEqual([]);
  });

  describe('as each persona', () => {
    let e2e: E2EPlatform;
    beforeAll(async () => {
      e2e = await startE2EPlatform('authz');
    }, 120_000);
    afterAll(() => e2e?.stop());

    it.each(Object.keys(MATRIX))('%s', async (field) => {
      const entry = MATRIX[field];
      const results: Record<string, Outcome> = {};
      for (const persona of PERSONAS) {
        const { owner, variables } = await entry.fixture(e2e);
        const token =
          persona === 'owner'
            ? owner.accessToken
            : persona === 'other'
              ? (await e2e.register('Other')).accessToken
              : persona === 'admin'
                ? (await e2e.admin()).accessToken
                : undefined;
        results[persona] = outcomeOf(await e2e.gateway(entry.query, variables, token));
      }
      expect(results).toEqual(entry.expect);
    });
  });
});
