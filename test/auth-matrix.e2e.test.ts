import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import { isObjectType } from 'graphql';
import type { GraphQLResponse } from '@hiregraph/platform/testing/subgraph';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { EventBus } from '@hiregraph/platform/events/bus';
import { createEvent, type EventEnvelope } from '@hiregraph/platform/events/envelope';
import { createLogger } from '@hiregraph/platform/logger';
import { PASSWORD, startE2EPlatform, type Account, type E2EPlatform } from './support/platform.js';
import { subscribe } from './support/live-client.js';

/**
 * The authorization matrix: every root field of the published supergraph, asked by an anonymous
 * client, by the owner of the data, by another signed-in user and by an admin. Adding a field
 * without an entry here fails the first test.
 */
type Persona = 'anonymous' | 'owner' | 'other' | 'admin';
const PERSONAS: Persona[] = ['anonymous', 'owner', 'other', 'admin'];
/** 'ok' = no error; otherwise the error code the first error must carry. */
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'NOT_CONFIGURED';

interface Fixture {
  /** Who acts as the owner: the account owning the data the operation touches. */
  owner: Account;
  variables: Record<string, unknown>;
}

interface Entry {
  query: string;
  /**
   * Subscriptions only: an event the subscription would deliver, published before subscribing with
   * `after: "0"`, so an accepted subscription proves itself by replaying it. A subscription without
   * one gets its message from the fixture (e.g. the assistant's tokens, which are not events).
   */
  event?: (fixture: Fixture) => EventEnvelope;
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
const CREATE_WEBHOOK =
  'mutation { createWebhook(input: { url: "https://hooks.example.com/in", eventTypes: ["resume.created"] }) { webhook { id } } }';
const withWebhook = async (e2e: E2EPlatform): Promise<Fixture> => {
  const owner = await e2e.register('Owner');
  const res = await e2e.gateway(CREATE_WEBHOOK, {}, owner.accessToken);
  return { owner, variables: { id: res.data.createWebhook.webhook.id } };
};
/** A webhook with one delivery: creating a resume emits resume.created, which the endpoint subscribed to. */
const withWebhookDelivery = async (e2e: E2EPlatform): Promise<Fixture> => {
  const { owner, variables } = await withWebhook(e2e);
  await e2e.gateway('mutation { createResume(input: { title: "CV" }) { id } }', {}, owner.accessToken);
  const deliveryId = await eventually(async () => {
    const res = await e2e.gateway(
      'query ($id: ID!) { webhookDeliveries(webhookId: $id) { nodes { id } } }',
      variables,
      owner.accessToken,
    );
    return res.data?.webhookDeliveries.nodes[0]?.id as string | undefined;
  });
  return { owner, variables: { ...variables, deliveryId } };
};
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
/** A conversation with one answer, whose tokens a subscription with `after: "0"` replays. */
const withConversation = async (e2e: E2EPlatform): Promise<Fixture> => {
  const owner = await e2e.register('Owner');
  const res = await e2e.gateway(
    'mutation { askAssistant(message: "What did I build?") { conversationId } }',
    {},
    owner.accessToken,
  );
  return { owner, variables: { id: res.data.askAssistant.conversationId } };
};
/** A resume (version 1) with one work item, for the item-level operations. */
const withResumeItem = async (e2e: E2EPlatform): Promise<Fixture> => {
  const owner = await e2e.register('Owner');
  const res = await e2e.gateway(
    'mutation { createResume(input: { title: "CV", work: [{ name: "Acme" }] }) { id work { id } } }',
    {},
    owner.accessToken,
  );
  const resume = res.data.createResume;
  return { owner, variables: { resumeId: resume.id, itemId: resume.work[0].id } };
};
/** A resume with a share link: the token for sharedResume, the id for revokeShareLink. */
const withShareLink = async (e2e: E2EPlatform): Promise<Fixture> => {
  const { owner, variables } = await withResume(e2e);
  const res = await e2e.gateway(
    'mutation ($resumeId: ID!) { createShareLink(resumeId: $resumeId, duration: WEEK) { id token } }',
    variables,
    owner.accessToken,
  );
  return { owner, variables: { ...variables, ...res.data.createShareLink } };
};
/** An owner with a handle and a public default resume, once resumes has heard of the handle. */
const withPublicProfile = async (e2e: E2EPlatform): Promise<Fixture> => {
  const { owner, variables } = await withResume(e2e);
  const username = unique();
  await e2e.gateway(
    'mutation ($u: String!) { setUsername(username: $u) { id } }',
    { u: username },
    owner.accessToken,
  );
  await e2e.gateway('mutation { setPublicProfile(enabled: true) { enabled } }', {}, owner.accessToken);
  await eventually(async () => {
    const res = await e2e.gateway('query ($u: String!) { publicResume(username: $u) { id } }', {
      u: username,
    });
    return res.data?.publicResume?.id === variables.id;
  });
  return { owner, variables: { ...variables, username } };
};
const withSnapshot = async (e2e: E2EPlatform): Promise<Fixture> => {
  const { owner, variables } = await withResume(e2e);
  const res = await e2e.gateway(
    'mutation ($resumeId: ID!) { createSnapshot(resumeId: $resumeId, name: "Before") { id } }',
    variables,
    owner.accessToken,
  );
  return { owner, variables: { snapshotId: res.data.createSnapshot.id } };
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
/** A recruiter's import of a one-posting feed; "other" is a plain user. */
const withImport = async (e2e: E2EPlatform): Promise<Fixture> => {
  const { owner } = await withJob(e2e);
  const res = await e2e.gateway(
    'mutation ($input: ImportJobsInput!) { importJobs(input: $input) { id } }',
    { input: IMPORT_INPUT() },
    owner.accessToken,
  );
  return { owner, variables: { id: res.data.importJobs.id, input: IMPORT_INPUT() } };
};
const IMPORT_INPUT = () => ({
  format: 'JSON_RESUME',
  source: `authz-${unique()}`,
  fullFeed: false,
  data: JSON.stringify([{ title: 'Engineer', company: 'Acme' }]),
});

/** A parsed resume and a posting matching it: matching has computed the pair. */
const withMatch = async (e2e: E2EPlatform): Promise<Fixture> => {
  const owner = await e2e.register('Owner');
  const resume = await e2e.gateway(
    'mutation ($d: JSON!) { importJsonResume(document: $d) { id } }',
    {
      d: {
        basics: { name: 'Ann Lee', label: 'Backend Engineer' },
        work: [
          {
            name: 'Acme',
            position: 'Backend Engineer',
            startDate: '2018-01-01',
            summary: 'Built TypeScript services on PostgreSQL.',
          },
        ],
        skills: [{ name: 'TypeScript' }, { name: 'PostgreSQL' }],
      },
    },
    owner.accessToken,
  );
  const resumeId = resume.data.importJsonResume.id as string;
  const admin = await e2e.admin();
  const job = await e2e.gateway(
    'mutation { postJob(input: { title: "Backend Engineer", company: "Acme", requiredSkills: ["TypeScript", "PostgreSQL"], description: "Build TypeScript services on PostgreSQL for our platform team." }) { id } }',
    {},
    admin.accessToken,
  );
  const jobId = job.data.postJob.id as string;
  const matchId = await eventually(async () => {
    const res = await e2e.gateway(
      'query ($r: ID!) { matchesForResume(resumeId: $r) { nodes { id job { id } } } }',
      { r: resumeId },
      owner.accessToken,
    );
    return res.data?.matchesForResume?.nodes?.find((node: any) => node.job.id === jobId)?.id as
      string | undefined;
  }, 30_000);
  return { owner, variables: { id: matchId, resumeId, jobId } };
};
/** A resume and an open posting the resumes subgraph has projected as a tailoring target. */
const withTailoringTarget = async (e2e: E2EPlatform): Promise<Fixture> => {
  const { owner, variables } = await withResume(e2e);
  const admin = await e2e.admin();
  const job = await e2e.gateway(
    'mutation { postJob(input: { title: "Backend Engineer", company: "Acme", requiredSkills: ["TypeScript"] }) { id } }',
    {},
    admin.accessToken,
  );
  const jobId = job.data.postJob.id as string;
  await eventually(
    async () =>
      (
        await e2e.sql('resumes', 'select 1 from tailoring_targets where id = $1 and closed_at is null', [
          jobId,
        ])
      )[0],
    30_000,
  );
  return { owner, variables: { ...variables, jobId } };
};
/** A recruiter's posting that matching has projected. */
const withProjectedJob = async (e2e: E2EPlatform): Promise<Fixture> => {
  const fixture = await withJob(e2e);
  const admin = await e2e.admin();
  await eventually(async () => {
    const res = await e2e.gateway(
      'query ($id: ID!) { candidatesForJob(jobId: $id) { totalCount } }',
      fixture.variables,
      admin.accessToken,
    );
    return !res.errors;
  }, 30_000);
  return fixture;
};

/** A confirmed text upload of the owner (each persona gets its own: an upload is used once). */
const withUpload = async (e2e: E2EPlatform, owner?: Account): Promise<Fixture & { uploadId: string }> => {
  const account = owner ?? (await e2e.register('Owner'));
  const text = new TextEncoder().encode('Ann Lee\nann@example.com\n\nSkills\nGo, SQL\n');
  const res = await e2e.gateway(
    'mutation ($i: CreateUploadInput!) { createUpload(input: $i) { id url method fields { name value } } }',
    { i: { filename: 'cv.txt', contentType: 'text/plain', size: text.length } },
    account.accessToken,
  );
  const upload = res.data.createUpload;
  const form = new FormData();
  for (const field of upload.fields) form.append(field.name, field.value);
  form.append('file', new Blob([text]), 'cv.txt');
  expect((await fetch(upload.url, { method: upload.method, body: form })).ok).toBe(true);
  const confirmed = await e2e.gateway(
    'mutation ($id: ID!) { confirmUpload(id: $id) { id } }',
    { id: upload.id },
    account.accessToken,
  );
  expect(confirmed.errors).toBeUndefined();
  return { owner: account, uploadId: upload.id, variables: { id: upload.id, uploadId: upload.id } };
};
/** A resume and a confirmed upload of the same owner, not attached yet. */
const withResumeAndUpload = async (e2e: E2EPlatform): Promise<Fixture> => {
  const resume = await withResume(e2e);
  const { uploadId } = await withUpload(e2e, resume.owner);
  return { owner: resume.owner, variables: { resumeId: resume.variables.resumeId, uploadId } };
};
/** A resume with one attachment. */
const withAttachment = async (e2e: E2EPlatform): Promise<Fixture> => {
  const { owner, variables } = await withResumeAndUpload(e2e);
  const res = await e2e.gateway(
    'mutation ($resumeId: ID!, $uploadId: ID!) { addAttachment(resumeId: $resumeId, uploadId: $uploadId, name: "CV") { id } }',
    variables,
    owner.accessToken,
  );
  const id = res.data.addAttachment.id as string;
  return { owner, variables: { id, resumeId: variables.resumeId, attachmentIds: [id] } };
};

/** A job description of the owner's own. */
const withRequirements = async (e2e: E2EPlatform): Promise<Fixture> => {
  const owner = await e2e.register('Owner');
  const res = await e2e.gateway(
    'mutation { createRequirements(input: { title: "Backend", text: "Requirements:\\n- TypeScript\\n- PostgreSQL" }) { id } }',
    {},
    owner.accessToken,
  );
  return {
    owner,
    variables: { id: res.data.createRequirements.id, requirementsId: res.data.createRequirements.id },
  };
};
const ANALYZE_OWN =
  'mutation ($resumeId: ID!, $requirementsId: ID!) { analyzeResume(resumeId: $resumeId, target: { requirementsId: $requirementsId }) { id status } }';
/** A resume matching knows of, the owner's requirements and one analysis of the two. */
const withAnalysis = async (e2e: E2EPlatform): Promise<Fixture> => {
  const { owner, variables } = await withResume(e2e);
  const requirements = await e2e.gateway(
    'mutation { createRequirements(input: { title: "Backend", text: "Requirements:\\n- TypeScript" }) { id } }',
    {},
    owner.accessToken,
  );
  const requirementsId = requirements.data.createRequirements.id as string;
  // Matching learns of the resume from resume.created; until then the resume is NOT_FOUND there.
  const analysisId = await eventually(async () => {
    const res = await e2e.gateway(
      ANALYZE_OWN,
      { resumeId: variables.resumeId, requirementsId },
      owner.accessToken,
    );
    return res.data?.analyzeResume?.id as string | undefined;
  }, 30_000);
  return { owner, variables: { id: analysisId, resumeId: variables.resumeId, requirementsId } };
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
  'Query.exportJsonResume': {
    query: 'query ($id: ID!) { exportJsonResume(id: $id) }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Query.publicResume': {
    // Anyone: the public copy, its owner's public fields through the users subgraph.
    query:
      'query ($username: String!) { publicResume(username: $username) { id title owner { fullName username } } }',
    fixture: withPublicProfile,
    expect: everyone('ok'),
  },
  'Query.sharedResume': {
    query: 'query ($token: String!) { sharedResume(token: $token) { id title basics { name } } }',
    fixture: withShareLink,
    expect: everyone('ok'),
  },
  'Query.shareLinks': {
    query: 'query ($resumeId: ID!) { shareLinks(resumeId: $resumeId) { id viewCount } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Query.myBackups': { query: '{ myBackups { id } }', fixture: self, expect: signedIn },
  'Query.snapshots': {
    query: 'query ($resumeId: ID!) { snapshots(resumeId: $resumeId) { id } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Query.resumeDiff': {
    query: 'query ($resumeId: ID!) { resumeDiff(resumeId: $resumeId, from: 1, to: 1) { changes { path } } }',
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
    query:
      'query ($resumeId: ID!) { matchesForResume(resumeId: $resumeId, first: 5) { totalCount nodes { id score verdict evidence { chunkId } } } }',
    fixture: withMatch,
    expect: ownerOrAdmin,
  },
  'Query.matchingStatus': {
    query: 'query ($resumeId: ID!) { matchingStatus(resumeId: $resumeId) { upToDate resumeVersion } }',
    fixture: withMatch,
    expect: ownerOrAdmin,
  },
  'Query.candidatesForJob': {
    // The posting's recruiter and admins; anyone else, recruiters included, is refused.
    query: 'query ($id: ID!) { candidatesForJob(jobId: $id) { totalCount nodes { score } } }',
    fixture: withProjectedJob,
    expect: ownerOrAdmin,
  },
  'Mutation.generateCoverLetter': {
    query:
      'mutation ($resumeId: ID!, $jobId: ID!) { generateCoverLetter(resumeId: $resumeId, target: { jobId: $jobId }) { text claimsRemoved } }',
    fixture: withMatch,
    expect: ownerOrAdmin,
  },
  'Mutation.tailorResume': {
    // Another user's requirements are FORBIDDEN too (subgraphs/resumes/src/tailoring tests).
    query:
      'mutation ($resumeId: ID!, $jobId: ID!) { tailorResume(resumeId: $resumeId, target: { jobId: $jobId }) { id version } }',
    fixture: withTailoringTarget,
    expect: ownerOrAdmin,
  },
  'Mutation.askAssistant': {
    // Answers cite only the asker's own chunks; naming another user's resume is refused.
    query:
      'mutation ($resumeId: ID!) { askAssistant(message: "What did I build?", context: { resumeId: $resumeId }) { conversationId answer } }',
    fixture: withMatch,
    expect: ownerOrAdmin,
  },
  'Query.conversations': {
    query: '{ conversations { id title } }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.clearConversation': {
    // Conversations are per viewer: clearing an id that is not one's own is a no-op (false).
    query: 'mutation { clearConversation(id: "00000000-0000-4000-8000-000000000000") }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.startConversation': {
    query: 'mutation { startConversation(title: "Mine") { id title } }',
    fixture: self,
    expect: signedIn,
  },
  'Query.conversation': {
    // Conversations are their user's alone: anyone else's id (an admin's too) is null, not an error.
    query: 'query ($id: ID!) { conversation(id: $id) { id title } }',
    fixture: withConversation,
    expect: signedIn,
  },
  'Subscription.assistantReply': {
    // Its user only; for anyone else (an admin too) the conversation does not exist.
    query:
      'subscription ($id: ID!) { assistantReply(conversationId: $id, after: "0") { cursor token done } }',
    fixture: withConversation,
    expect: { anonymous: 'UNAUTHENTICATED', owner: 'ok', other: 'NOT_FOUND', admin: 'NOT_FOUND' },
  },
  'Query.myRequirements': {
    query: '{ myRequirements(first: 5) { totalCount nodes { id requiredSkills } } }',
    fixture: self,
    expect: signedIn,
  },
  'Query.requirements': {
    query: 'query ($id: ID!) { requirements(id: $id) { id title requiredSkills } }',
    fixture: withRequirements,
    expect: ownerOrAdmin,
  },
  'Mutation.createRequirements': {
    query: 'mutation { createRequirements(input: { title: "Mine", text: "Requirements:\\n- Go" }) { id } }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.deleteRequirements': {
    query: 'mutation ($id: ID!) { deleteRequirements(id: $id) }',
    fixture: withRequirements,
    expect: ownerOrAdmin,
  },
  'Mutation.analyzeResume': {
    query: ANALYZE_OWN,
    fixture: withAnalysis,
    expect: ownerOrAdmin,
  },
  'Query.analyses': {
    query: 'query ($resumeId: ID!) { analyses(resumeId: $resumeId) { totalCount nodes { id status } } }',
    fixture: withAnalysis,
    expect: ownerOrAdmin,
  },
  'Query.analysis': {
    query: 'query ($id: ID!) { analysis(id: $id) { id status score matches { requirement status } } }',
    fixture: withAnalysis,
    expect: ownerOrAdmin,
  },
  'Mutation.deleteAnalysis': {
    query: 'mutation ($id: ID!) { deleteAnalysis(id: $id) }',
    fixture: withAnalysis,
    expect: ownerOrAdmin,
  },
  'Query.reembedStatus': {
    query: '{ reembedStatus { model done } }',
    fixture: self,
    expect: adminOnly,
  },
  'Subscription.resumeStatus': {
    query:
      'subscription ($id: ID!) { resumeStatus(resumeId: $id, after: "0") { cursor status resume { title } } }',
    fixture: withResume,
    event: ({ owner, variables }) =>
      createEvent(
        'resume.status_changed',
        { resumeId: String(variables.id), ownerId: owner.id, status: 'PARSED', detail: null },
        { producer: 'resumes' },
      ),
    expect: ownerOrAdmin,
  },
  'Subscription.matchFound': {
    query:
      'subscription ($resumeId: ID!) { matchFound(resumeId: $resumeId, after: "0") { cursor score resume { title } } }',
    fixture: withResume,
    event: ({ owner, variables }) =>
      createEvent(
        'match.found',
        {
          matchId: randomUUID(),
          resumeId: String(variables.resumeId),
          jobId: randomUUID(),
          ownerId: owner.id,
          score: 80,
          previousScore: null,
        },
        { producer: 'matching' },
      ),
    expect: ownerOrAdmin,
  },
  'Subscription.jobCandidates': {
    // The posting's recruiter and admins, as candidatesForJob.
    query: 'subscription ($id: ID!) { jobCandidates(jobId: $id, after: "0") { cursor score job { title } } }',
    fixture: withProjectedJob,
    event: ({ owner, variables }) =>
      createEvent(
        'match.candidate_found',
        {
          matchId: randomUUID(),
          jobId: String(variables.id),
          postedById: owner.id,
          resumeId: randomUUID(),
          score: 80,
          previousScore: null,
        },
        { producer: 'matching' },
      ),
    expect: ownerOrAdmin,
  },
  'Subscription.analysisCompleted': {
    // The resume's owner and admins, as analysis(id).
    query:
      'subscription ($id: ID!) { analysisCompleted(analysisId: $id, after: "0") { cursor status analysis { id } } }',
    fixture: withAnalysis,
    event: ({ owner, variables }) =>
      createEvent(
        'analysis.completed',
        {
          analysisId: String(variables.id),
          resumeId: String(variables.resumeId),
          ownerId: owner.id,
          status: 'SUCCEEDED',
          score: 80,
          verdict: 'GOOD',
          reason: null,
        },
        { producer: 'matching' },
      ),
    expect: ownerOrAdmin,
  },
  'Subscription.jobImportProgress': {
    // The import's creator and admins, as jobImport(id).
    query:
      'subscription ($id: ID!) { jobImportProgress(importId: $id, after: "0") { cursor done jobImport { id } } }',
    fixture: withImport,
    event: ({ owner, variables }) =>
      createEvent(
        'job_import.progress',
        {
          importId: String(variables.id),
          createdById: owner.id,
          source: 'authz',
          status: 'RUNNING',
          counts: { received: 0, new: 0, updated: 0, duplicate: 0, rejected: 0, closed: 0 },
          done: false,
          error: null,
        },
        { producer: 'jobs' },
      ),
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
  'Mutation.setUsername': {
    query: 'mutation ($username: String!) { setUsername(username: $username) { username } }',
    fixture: async (e2e) => ({ owner: await e2e.register('Owner'), variables: { username: unique() } }),
    expect: signedIn,
  },
  'Mutation.setPublicProfile': {
    query: 'mutation { setPublicProfile(enabled: true, showContactDetails: false) { enabled } }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.createShareLink': {
    query: 'mutation ($resumeId: ID!) { createShareLink(resumeId: $resumeId, duration: MONTH) { id } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Mutation.revokeShareLink': {
    query: 'mutation ($id: ID!) { revokeShareLink(id: $id) { revokedAt } }',
    fixture: withShareLink,
    expect: ownerOrAdmin,
  },
  'Mutation.exportResumePdf': {
    query: 'mutation ($id: ID!) { exportResumePdf(id: $id, template: MODERN) { url expiresAt } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Mutation.exportMyData': {
    query: 'mutation { exportMyData { id size download { url } } }',
    fixture: self,
    expect: signedIn,
  },
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
  'Query.webhooks': { query: '{ webhooks { totalCount nodes { id } } }', fixture: self, expect: signedIn },
  'Query.webhookDeliveries': {
    query: 'query ($id: ID!) { webhookDeliveries(webhookId: $id) { totalCount } }',
    fixture: withWebhook,
    expect: ownerOrAdmin,
  },
  'Query.mailbox': { query: '{ mailbox { totalCount } }', fixture: self, expect: adminOnly },
  'Mutation.createWebhook': { query: CREATE_WEBHOOK, fixture: self, expect: signedIn },
  'Mutation.updateWebhook': {
    query: 'mutation ($id: ID!) { updateWebhook(id: $id, input: { description: "x" }) { id } }',
    fixture: withWebhook,
    expect: ownerOrAdmin,
  },
  'Mutation.deleteWebhook': {
    query: 'mutation ($id: ID!) { deleteWebhook(id: $id) }',
    fixture: withWebhook,
    expect: ownerOrAdmin,
  },
  'Mutation.rotateWebhookSecret': {
    query: 'mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }',
    fixture: withWebhook,
    expect: ownerOrAdmin,
  },
  'Mutation.redeliverWebhook': {
    query: 'mutation ($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { id } }',
    fixture: withWebhookDelivery,
    expect: ownerOrAdmin,
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
  'Mutation.updateResume': {
    query: 'mutation ($id: ID!) { updateResume(id: $id, input: { version: 1, title: "New" }) { version } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Mutation.setDefaultResume': {
    query: 'mutation ($id: ID!) { setDefaultResume(id: $id) { isDefault } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Mutation.copyResume': {
    query: 'mutation ($id: ID!) { copyResume(id: $id, title: "Copy") { id } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Mutation.reorderSections': {
    query: 'mutation ($id: ID!) { reorderSections(id: $id, version: 1, order: [SKILLS, WORK]) { version } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Mutation.setSectionVisibility': {
    query:
      'mutation ($id: ID!) { setSectionVisibility(id: $id, version: 1, section: WORK, visible: false) { version } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Mutation.addResumeItem': {
    query:
      'mutation ($resumeId: ID!) { addResumeItem(resumeId: $resumeId, version: 1, item: { skills: { name: "Go" } }) { version } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Mutation.updateResumeItem': {
    query:
      'mutation ($resumeId: ID!, $itemId: ID!) { updateResumeItem(resumeId: $resumeId, version: 1, itemId: $itemId, item: { work: { name: "Beta" } }) { version } }',
    fixture: withResumeItem,
    expect: ownerOrAdmin,
  },
  'Mutation.removeResumeItem': {
    query:
      'mutation ($resumeId: ID!, $itemId: ID!) { removeResumeItem(resumeId: $resumeId, version: 1, itemId: $itemId) { version } }',
    fixture: withResumeItem,
    expect: ownerOrAdmin,
  },
  'Mutation.reorderResumeItems': {
    query:
      'mutation ($resumeId: ID!, $itemId: ID!) { reorderResumeItems(resumeId: $resumeId, version: 1, section: WORK, itemIds: [$itemId]) { version } }',
    fixture: withResumeItem,
    expect: ownerOrAdmin,
  },
  'Mutation.importJsonResume': {
    query: 'mutation { importJsonResume(document: { basics: { name: "Ann Lee" } }) { id } }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.importResumeText': {
    query: 'mutation { importResumeText(text: "Ann Lee\\nann@example.com\\n\\nSkills\\nGo, SQL") { id } }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.createUpload': {
    query:
      'mutation { createUpload(input: { filename: "cv.pdf", contentType: "application/pdf", size: 1000 }) { id url method } }',
    fixture: self,
    expect: signedIn,
  },
  'Mutation.confirmUpload': {
    query: 'mutation ($id: ID!) { confirmUpload(id: $id) { id status contentType } }',
    fixture: withUpload,
    expect: ownerOrAdmin,
  },
  'Mutation.importResumeFile': {
    // An admin imports for the upload's owner: the resume belongs to that owner.
    query: 'mutation ($uploadId: ID!) { importResumeFile(uploadId: $uploadId) { id status } }',
    fixture: withUpload,
    expect: ownerOrAdmin,
  },
  'Query.attachments': {
    query: 'query ($resumeId: ID!) { attachments(resumeId: $resumeId) { id name downloadUrl } }',
    fixture: withAttachment,
    expect: ownerOrAdmin,
  },
  'Mutation.addAttachment': {
    query:
      'mutation ($resumeId: ID!, $uploadId: ID!) { addAttachment(resumeId: $resumeId, uploadId: $uploadId, name: "Letter") { id } }',
    fixture: withResumeAndUpload,
    expect: ownerOrAdmin,
  },
  'Mutation.renameAttachment': {
    query: 'mutation ($id: ID!) { renameAttachment(id: $id, name: "Renamed") { id name } }',
    fixture: withAttachment,
    expect: ownerOrAdmin,
  },
  'Mutation.reorderAttachments': {
    query:
      'mutation ($resumeId: ID!, $attachmentIds: [ID!]!) { reorderAttachments(resumeId: $resumeId, attachmentIds: $attachmentIds) { id position } }',
    fixture: withAttachment,
    expect: ownerOrAdmin,
  },
  'Mutation.deleteAttachment': {
    query: 'mutation ($id: ID!) { deleteAttachment(id: $id) }',
    fixture: withAttachment,
    expect: ownerOrAdmin,
  },
  'Mutation.createSnapshot': {
    query: 'mutation ($resumeId: ID!) { createSnapshot(resumeId: $resumeId, name: "S") { id } }',
    fixture: withResume,
    expect: ownerOrAdmin,
  },
  'Mutation.restoreSnapshot': {
    query: 'mutation ($snapshotId: ID!) { restoreSnapshot(snapshotId: $snapshotId) { version } }',
    fixture: withSnapshot,
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
  'Mutation.importJobs': {
    // Recruiters and admins import; a plain user may not.
    query: 'mutation ($input: ImportJobsInput!) { importJobs(input: $input) { id status } }',
    fixture: withImport,
    expect: ownerOrAdmin,
  },
  'Query.jobImport': {
    // Its creator and admins follow an import.
    query: 'query ($id: ID!) { jobImport(id: $id) { id status counts { received } } }',
    fixture: withImport,
    expect: ownerOrAdmin,
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
    let bus: EventBus;
    beforeAll(async () => {
      e2e = await startE2EPlatform('authz');
      bus = await EventBus.connect({
        servers: e2e.ns.config.NATS_URL,
        namespace: e2e.ns.name,
        service: 'authz-test',
        logger: createLogger('authz-test', 'silent'),
      });
    }, 120_000);
    afterAll(async () => {
      await bus?.close();
      await e2e?.stop();
    });

    /**
     * A subscription over graphql-ws: refused at connection (4401 → UNAUTHENTICATED) or at subscribe
     * time (the error's code), or accepted, which the replayed event proves.
     */
    const subscriptionOutcome = async (entry: Entry, fixture: Fixture, token?: string): Promise<Outcome> => {
      const url = e2e.platform.urls.gateway.replace(/^http/, 'ws');
      const client = subscribe(url, token, entry.query, fixture.variables);
      try {
        return await eventually(async () => {
          const { events, errors, closed } = client.received;
          // A refused subscribe is an error list; a closed socket is a close event (errors and closed).
          if (Array.isArray(errors[0])) return errors[0][0].extensions?.code as Outcome;
          if (events.length) return events[0].errors?.length ? events[0].errors[0].extensions.code : 'ok';
          if (closed) return (closed.code === 4401 ? 'UNAUTHENTICATED' : `closed ${closed.code}`) as Outcome;
          return undefined;
        }, 15_000);
      } finally {
        await client.dispose();
      }
    };

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
        if (entry.query.startsWith('subscription')) {
          if (entry.event) await bus.publish(entry.event({ owner, variables }));
          results[persona] = await subscriptionOutcome(entry, { owner, variables }, token);
        } else {
          results[persona] = outcomeOf(await e2e.gateway(entry.query, variables, token));
        }
      }
      expect(results).toEqual(entry.expect);
    });
  });
});
