import WebSocket from 'ws';
import { eventually } from '@hiregraph/platform/testing/namespace';
import {
  AskAssistantDocument,
  AssistantReplyDocument,
  createHiregraphClient,
  HiregraphError,
  ImportJsonResumeDocument,
  ImportResumeFileDocument,
  ImportResumeTextDocument,
  MatchesForResumeDocument,
  MatchFoundDocument,
  MeDocument,
  PostJobDocument,
  RefreshSessionDocument,
  ResumeStatusChangedDocument,
  ResumeStatusDocument,
  SearchJobsDocument,
  SignInDocument,
  SignUpDocument,
  StartConversationDocument,
  type HiregraphClient,
} from '@hiregraph/sdk';
import { PASSWORD, startE2EPlatform, type E2EPlatform } from './support/platform.js';

/** Collects a subscription's events in the background until `until` holds for the collected list. */
function collect<T>(events: AsyncIterableIterator<T>, until: (received: T[]) => boolean) {
  const received: T[] = [];
  const done = (async () => {
    for await (const event of events) {
      received.push(event);
      if (until(received)) break;
    }
    return received;
  })();
  return { received, done };
}

describe('@hiregraph/sdk against the running platform', () => {
  let e2e: E2EPlatform;
  const clients: HiregraphClient[] = [];
  const client = (token?: string) => {
    const created = createHiregraphClient({
      url: e2e.platform.urls.gateway,
      token,
      webSocketImpl: WebSocket,
    });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    e2e = await startE2EPlatform('sdk', { LIVE_AUTH_CHECK_MS: '300', LIVE_WATCHDOG_MS: '1000' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((each) => each.close()));
    await e2e?.stop();
  });

  it('signs up, reads me, refreshes, and reports coded errors as HiregraphError', async () => {
    const anonymous = client();
    const email = `sdk-ada-${e2e.ns.name}@example.com`;
    const { register } = await anonymous.request(SignUpDocument, {
      input: { email, password: PASSWORD, fullName: 'Ada Lovelace' },
    });
    expect(register.user).toMatchObject({ email, fullName: 'Ada Lovelace', role: 'USER' });

    let token = register.accessToken;
    const signedIn = createHiregraphClient({ url: e2e.platform.urls.gateway, token: () => token });
    clients.push(signedIn);
    expect((await signedIn.request(MeDocument)).me).toMatchObject({ id: register.user.id, email });

    const { refreshToken } = await anonymous.request(RefreshSessionDocument, {
      token: register.refreshToken,
    });
    // Rotation: a new refresh token (two access tokens signed in the same second may be equal).
    expect(refreshToken.refreshToken).not.toBe(register.refreshToken);
    token = refreshToken.accessToken;
    expect((await signedIn.request(MeDocument)).me.id).toBe(register.user.id);
    // The refresh token is single-use.
    await expect(
      anonymous.request(RefreshSessionDocument, { token: register.refreshToken }),
    ).rejects.toBeInstanceOf(HiregraphError);

    await expect(anonymous.request(MeDocument)).rejects.toMatchObject({
      name: 'HiregraphError',
      code: 'UNAUTHENTICATED',
    });
    const wrongPassword = anonymous.request(SignInDocument, {
      input: { email, password: 'not the password' },
    });
    await expect(wrongPassword).rejects.toBeInstanceOf(HiregraphError);
    await expect(wrongPassword).rejects.toHaveProperty('code', expect.any(String));
  });

  it('uploads a resume file, imports it and follows its status to PARSED over graphql-ws', async () => {
    const owner = client((await e2e.register('Grace Hopper')).accessToken);
    const text =
      'Grace Hopper\nBackend Engineer\n\nExperience\nNavy — Backend Engineer, 2016–2024\nBuilt TypeScript services on PostgreSQL.\n\nSkills\nTypeScript, PostgreSQL, GraphQL\n';
    const upload = await owner.upload(new Blob([text]), { filename: 'grace.txt', contentType: 'text/plain' });
    expect(upload).toMatchObject({
      status: 'CONFIRMED',
      size: Buffer.byteLength(text),
      rejectionReason: null,
    });
    const { importResumeFile } = await owner.request(ImportResumeFileDocument, {
      uploadId: upload.id,
      title: 'Uploaded',
    });
    expect(importResumeFile.status).toBe('PROCESSING');

    const statuses = collect(
      owner.subscribe(ResumeStatusChangedDocument, { resumeId: importResumeFile.id, after: '0' }),
      (received) => received.some((event) => event.resumeStatus?.status !== 'PROCESSING'),
    );
    const events = await statuses.done;
    expect(events.map((event) => event.resumeStatus?.resumeId)).toEqual(
      events.map(() => importResumeFile.id),
    );
    expect(events.at(-1)?.resumeStatus?.status).toBe('PARSED');
    expect((await owner.request(ResumeStatusDocument, { id: importResumeFile.id })).resume).toMatchObject({
      title: 'Uploaded',
      status: 'PARSED',
    });

    // A used upload cannot be imported twice; pasted text starts the same pipeline.
    await expect(owner.request(ImportResumeFileDocument, { uploadId: upload.id })).rejects.toBeInstanceOf(
      HiregraphError,
    );
    const { importResumeText } = await owner.request(ImportResumeTextDocument, { text });
    expect(importResumeText.status).toBe('PROCESSING');
  }, 60_000);

  it('posts and searches jobs, and receives matchFound for a new posting, then lists it with matchesForResume', async () => {
    const candidate = client((await e2e.register('Katherine Johnson')).accessToken);
    const { importJsonResume } = await candidate.request(ImportJsonResumeDocument, {
      document: {
        basics: { name: 'Katherine Johnson', label: 'Backend Engineer' },
        work: [
          {
            name: 'NASA',
            position: 'Backend Engineer',
            startDate: '2016-01-01',
            summary: 'Built TypeScript services on PostgreSQL and GraphQL APIs.',
          },
        ],
        skills: [{ name: 'TypeScript' }, { name: 'PostgreSQL' }, { name: 'GraphQL' }],
      },
    });
    const matches = collect(
      candidate.subscribe(MatchFoundDocument, { resumeId: importJsonResume.id, after: '0' }),
      (received) => received.length >= 1,
    );

    const recruiter = client((await e2e.recruiter('Rita Recruiter')).accessToken);
    const { postJob } = await recruiter.request(PostJobDocument, {
      input: {
        title: 'Orbital Backend Engineer',
        company: 'Trajectories Inc',
        requiredSkills: ['TypeScript', 'PostgreSQL', 'GraphQL'],
        description: 'Build TypeScript services and GraphQL APIs on PostgreSQL.',
      },
    });

    const anonymous = client();
    const found = await eventually(async () => {
      const { searchJobs } = await anonymous.request(SearchJobsDocument, { query: 'orbital' });
      return searchJobs.nodes.length > 0 ? searchJobs : undefined;
    });
    expect(found.nodes.map((job) => job.id)).toEqual([postJob.id]);
    expect(found.totalCount).toBe(1);
    expect((await anonymous.request(SearchJobsDocument, { query: 'submarine' })).searchJobs.totalCount).toBe(
      0,
    );

    const [event] = await matches.done;
    expect(event.matchFound).toMatchObject({
      resumeId: importJsonResume.id,
      jobId: postJob.id,
      previousScore: null,
      job: { id: postJob.id, title: 'Orbital Backend Engineer', company: 'Trajectories Inc' },
    });
    const { matchesForResume } = await candidate.request(MatchesForResumeDocument, {
      resumeId: importJsonResume.id,
    });
    expect(matchesForResume.nodes.map((match) => match.job?.id)).toContain(postJob.id);
    expect(matchesForResume.nodes.find((match) => match.job?.id === postJob.id)?.score).toBe(
      event.matchFound?.score,
    );
  }, 150_000);

  it("asks the assistant and streams the answer's tokens", async () => {
    const owner = client((await e2e.register('Mary Jackson')).accessToken);
    await owner.request(ImportJsonResumeDocument, {
      document: {
        basics: { name: 'Mary Jackson', label: 'Backend Engineer' },
        work: [
          {
            name: 'Langley',
            position: 'Backend Engineer',
            startDate: '2016-01-01',
            summary: 'Built TypeScript services.',
          },
        ],
        skills: [{ name: 'TypeScript' }],
      },
    });
    const { startConversation } = await owner.request(StartConversationDocument, { title: 'Next role' });
    const tokens = collect(
      owner.subscribe(AssistantReplyDocument, { conversationId: startConversation.id, after: '0' }),
      (received) => received.some((event) => event.assistantReply?.done),
    );
    const { askAssistant } = await owner.request(AskAssistantDocument, {
      conversationId: startConversation.id,
      message: 'What have I worked on?',
    });
    const received = await tokens.done;
    expect(received.every((event) => event.assistantReply?.replyId === askAssistant.replyId)).toBe(true);
    expect(received.map((event) => event.assistantReply?.token).join('')).toBe(askAssistant.answer);
  }, 60_000);
});
