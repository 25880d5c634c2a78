import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, graphqlRequest } from '@hiregraph/platform/testing/subgraph';
import { launchChromium } from './support/browser.js';
import { PASSWORD, startE2EPlatform, type E2EPlatform } from './support/platform.js';

/**
 * The reference web client (web/dist, served by the gateway at /) in Debian's Chromium against the
 * whole platform: sign up, set the match threshold, upload a real PDF through the presigned POST,
 * watch it become PARSED, then see a match appear live (matchFound) when an admin imports a posting.
 * Screenshots go to test/output/web-client/ (WEB_SCREENSHOT_DOCS=1 also refreshes docs/web-matches.png).
 */
const WEB_DIST = fileURLToPath(new URL('../web/dist/index.html', import.meta.url));
const OUTPUT = fileURLToPath(new URL('./output/web-client/', import.meta.url));
const DOCS_SCREENSHOT = fileURLToPath(new URL('../docs/web-matches.png', import.meta.url));
const RESUME_PDF = fileURLToPath(
  new URL('./corpus/resumes/rendercv/John_Doe_ClassicTheme_CV.pdf', import.meta.url),
);
/** Generous: a loaded 2-core machine parses a PDF and computes matches in seconds, sometimes tens. */
const SLOW = { timeout: 120_000 };

const POSTING = {
  title: 'Machine Learning Engineer',
  company: 'Tensor Works',
  description: 'Train and serve deep learning models with PyTorch and CUDA, in Python.',
  skills: ['Python', 'PyTorch', 'CUDA'],
};

const SECOND_POSTING = {
  title: 'Deep Learning Research Engineer',
  company: 'Gradient Labs',
  description: 'Research and ship deep learning models in Python with JAX and TensorFlow.',
  skills: ['Python', 'JAX', 'TensorFlow'],
};

const CANDIDATE_RESUME = {
  basics: { name: 'Grace Hopper', label: 'Backend Engineer' },
  work: [
    {
      name: 'Navy',
      position: 'Backend Engineer',
      startDate: '2016-01-01',
      summary: 'Built TypeScript services on PostgreSQL and GraphQL APIs.',
    },
  ],
  skills: [{ name: 'TypeScript' }, { name: 'PostgreSQL' }, { name: 'GraphQL' }],
};

const RECRUITER_POSTING = {
  title: 'Backend Engineer',
  company: 'Compilers Inc',
  skills: 'TypeScript, PostgreSQL, GraphQL',
  description: 'Build TypeScript services and GraphQL APIs on PostgreSQL.',
};

describe('the web client in a browser', () => {
  let e2e: E2EPlatform;
  let browser: Browser;
  let page: Page;
  const browserLog: string[] = [];
  const shot = (name: string) => page.screenshot({ path: `${OUTPUT}${name}.png`, fullPage: true });

  beforeAll(async () => {
    if (!existsSync(WEB_DIST)) throw new Error('web/dist is missing: npm run build -w @hiregraph/web');
    await mkdir(OUTPUT, { recursive: true });
    e2e = await startE2EPlatform('web');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.setDefaultTimeout(30_000);
    // What the page itself reports, printed when the test fails (a locator timeout says little).
    page.on('pageerror', (error) => browserLog.push(`page error: ${error.message}`));
    page.on('console', (message) => browserLog.push(`console.${message.type()}: ${message.text()}`));
    page.on('response', async (response) => {
      if (response.status() >= 400)
        browserLog.push(
          `${response.status()} ${response.url()} ${response.request().postData()} → ${await response.text().catch(() => '')}`,
        );
    });
    page.on('requestfailed', (request) =>
      browserLog.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
    );
  }, 300_000);

  afterEach(async () => {
    await page?.screenshot({ path: `${OUTPUT}last.png`, fullPage: true }).catch(() => undefined);
    if (browserLog.length > 0) console.log(`browser said:\n${browserLog.join('\n')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await e2e?.stop();
  });

  it('signs up, uploads a PDF resume, and shows a match with its evidence as soon as it is found', async () => {
    // urls.gateway is the GraphQL endpoint; the client is at the origin's root.
    const origin = new URL(e2e.platform.urls.gateway).origin;
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').waitFor();
    await page.getByLabel('Password').waitFor();

    // A refusal is a sentence, never the API's JSON.
    await page.getByLabel('Email').fill(`nobody-${e2e.ns.name}@example.com`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('That email and password do not match an account.');
    await shot('1-sign-in');

    const email = `ada-${e2e.ns.name}@example.com`;
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Your resumes' }).waitFor();
    const session = JSON.parse((await page.evaluate(() => localStorage.getItem('hiregraph.session')))!);
    expect(session.user).toMatchObject({ email, fullName: 'Ada Lovelace' });

    // Matches are announced from the owner's threshold: low, so the posting below is announced.
    await page.getByRole('link', { name: 'Preferences' }).click();
    const threshold = page.getByLabel('Announce matches scoring at least (0–100)');
    await threshold.fill('10');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Your preferences are saved.').waitFor();
    await eventually(async () => {
      const rows = await e2e.sql(
        'matching',
        'select match_threshold from owner_preferences where owner_id = $1',
        [session.user.id],
      );
      return rows[0]?.match_threshold === 10;
    }, 30_000);

    await page.getByRole('link', { name: 'Resumes' }).click();
    await page.getByLabel('Resume file (PDF or DOCX, up to 10 MB)').setInputFiles(RESUME_PDF);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/resumes\/[^/]+$/);
    const status = page.getByTestId('resume-status');
    await page
      .getByTestId('resume-status')
      .filter({ hasText: /^Parsed$/ })
      .waitFor(SLOW);
    expect(await status.textContent()).toBe('Parsed');
    await page.getByRole('heading', { name: 'Work' }).waitFor();
    await page.getByText('Nexus AI').first().waitFor();
    await shot('2-resume-parsed');

    const resumeId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('link', { name: 'See matching jobs' }).click();
    await page.getByTestId('no-matches').waitFor();
    await page.getByTestId('live-state').filter({ hasText: 'Connected' }).waitFor();
    // Survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));

    const admin = await e2e.admin();
    const imported = await e2e.gateway(
      'mutation ($input: ImportJobsInput!) { importJobs(input: $input) { id } }',
      {
        input: { format: 'JSON_RESUME', source: 'web-e2e', fullFeed: false, data: JSON.stringify([POSTING]) },
      },
      admin.accessToken,
    );
    expect(imported.errors).toBeUndefined();

    const card = page.getByTestId('match').filter({ hasText: POSTING.title });
    await card.waitFor(SLOW);
    await card.getByTestId('evidence').first().waitFor();
    const evidence = await card.getByTestId('evidence').allTextContents();
    expect(evidence.join(' ')).toMatch(/Python|PyTorch|CUDA/);
    await expect(card.getByText('Matched requirements').isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).resolves.toBe(
      true,
    );
    await expect(card.getByText('New').isVisible()).resolves.toBe(true);
    await shot('3-matches');
    if (process.env.WEB_SCREENSHOT_DOCS === '1') {
      await page.setViewportSize({ width: 900, height: 900 });
      await page.screenshot({ path: DOCS_SCREENSHOT, fullPage: true });
    }

    // Readable on a phone: the page reflows to its width (no sideways scrolling).
    await page.setViewportSize({ width: 390, height: 844 });
    const pageWidth = await page.locator('html').evaluate((html) => html.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
    await shot('3-matches-phone');
    await page.setViewportSize({ width: 1100, height: 900 });

    // The connection drops (the gateway restarts); a posting matched meanwhile still arrives, because
    // the client resubscribes after the last cursor it received, without a reload.
    await e2e.platform.stop('gateway');
    await page.getByTestId('live-state').filter({ hasText: 'Reconnecting' }).waitFor();
    const meanwhile = await graphqlRequest(
      e2e.platform.urls.jobs,
      'mutation ($input: ImportJobsInput!) { importJobs(input: $input) { id } }',
      {
        input: {
          format: 'JSON_RESUME',
          source: 'web-e2e-2',
          fullFeed: false,
          data: JSON.stringify([SECOND_POSTING]),
        },
      },
      bearer(admin.accessToken),
    );
    expect(meanwhile.errors).toBeUndefined();
    await eventually(async () => {
      const rows = await e2e.sql('matching', 'select count(*)::int as n from matches where resume_id = $1', [
        resumeId,
      ]);
      return rows[0].n >= 2;
    }, 120_000);
    await e2e.platform.start('gateway');
    await page.getByTestId('match').filter({ hasText: SECOND_POSTING.title }).waitFor(SLOW);
    await page.getByTestId('live-state').filter({ hasText: 'Connected' }).waitFor();
    expect(await page.getByTestId('match').count()).toBe(2);
    await expect(page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).resolves.toBe(
      true,
    );

    // The page served for any path is the client, and it routes there itself.
    await page.goto(`${origin}/jobs`);
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.getByRole('link', { name: new RegExp(POSTING.title) }).click();
    await page.getByRole('heading', { name: 'Required skills' }).waitFor();
    await shot('4-job');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('hiregraph.session'))).toBeNull();

    // Signed in again, then every session of the account ends elsewhere: the next request is
    // refused, the refresh too, and the client shows the sign-in form instead of an error.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your resumes' }).waitFor();
    const renewed = JSON.parse((await page.evaluate(() => localStorage.getItem('hiregraph.session')))!);
    const ended = await e2e.gateway('mutation { logoutAll }', {}, renewed.accessToken);
    expect(ended.errors).toBeUndefined();
    await page.getByRole('link', { name: 'Preferences' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('hiregraph.session'))).toBeNull();
  }, 420_000);

  it('streams the assistant answer into the page, and shows a recruiter a candidate as soon as they fit', async () => {
    const origin = new URL(e2e.platform.urls.gateway).origin;
    // A fresh browser profile: nobody signed in, nothing kept from the first test.
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => browserLog.push(`page error: ${error.message}`));
    // The assistant's tokens as the browser receives them over graphql-ws.
    const tokenFrames: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload === 'string' && payload.includes('"assistantReply"')) tokenFrames.push(payload);
      }),
    );

    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Full name').fill('Grace Hopper');
    await page.getByLabel('Email').fill(`grace-${e2e.ns.name}@example.com`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Your resumes' }).waitFor();
    const session = JSON.parse((await page.evaluate(() => localStorage.getItem('hiregraph.session')))!);
    // A user is not a recruiter: no posting form in the menu.
    expect(await page.getByRole('link', { name: 'Post a job' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Preferences' }).click();
    await page.getByLabel('Announce matches scoring at least (0–100)').fill('10');
    await page.getByLabel("Recruiters may find my resumes among their postings' candidates").check();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Your preferences are saved.').waitFor();
    // Matching tells recruiters by the opt-in it knows when the match is stored.
    await eventually(async () => {
      const rows = await e2e.sql(
        'matching',
        'select open_to_recruiters from owner_preferences where owner_id = $1',
        [session.user.id],
      );
      return rows[0]?.open_to_recruiters === true;
    }, 30_000);

    await page.getByRole('link', { name: 'Resumes' }).click();
    await page.getByLabel('JSON Resume document').fill(JSON.stringify(CANDIDATE_RESUME));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/\/resumes\/[^/]+$/);
    await page
      .getByTestId('resume-status')
      .filter({ hasText: /^Parsed$/ })
      .waitFor(SLOW);
    const candidateResumeId = new URL(page.url()).pathname.split('/').pop()!;

    await page.getByRole('link', { name: 'Assistant' }).click();
    await page.getByRole('heading', { name: 'Assistant' }).waitFor();
    await page.getByLabel('About').selectOption({ index: 1 });
    await page.getByLabel('Your question').fill('Which of my skills fit a backend role?');
    await page.getByLabel('Your question').press('Enter');
    const answer = page.getByTestId('assistant-answer');
    await page.locator('[data-testid="assistant-answer"][data-done="true"]').waitFor(SLOW);
    const shown = (await answer.textContent())!.replace(/^Assistant: /, '');
    expect(shown.length).toBeGreaterThan(20);
    // Streamed, not posted whole: several token messages, which join into what the page shows.
    const tokens = tokenFrames
      .map((frame) => JSON.parse(frame).payload?.data?.assistantReply)
      .filter(Boolean)
      .sort((a, b) => a.sequence - b.sequence);
    expect(tokens.filter((t) => t.token !== '').length).toBeGreaterThan(1);
    expect(tokens.map((t) => t.token).join('')).toBe(shown);
    await shot('5-assistant');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    // The admin made this user a recruiter; they sign in and post a job from the form.
    const recruiter = await e2e.recruiter('Rita Recruiter');
    await page.getByLabel('Email').fill(recruiter.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Post a job' }).click();
    await page.getByRole('heading', { name: 'Post a job' }).waitFor();
    await page.getByLabel('Job title').fill(RECRUITER_POSTING.title);
    await page.getByLabel('Company').fill(RECRUITER_POSTING.company);
    await page.getByLabel('Required skills (separated by commas)').fill(RECRUITER_POSTING.skills);
    await page.getByLabel('Description (Markdown)').fill(RECRUITER_POSTING.description);
    await page.getByRole('button', { name: 'Post the job' }).click();
    await page.getByRole('heading', { name: `Candidates for ${RECRUITER_POSTING.title}` }).waitFor();
    const jobId = new URL(page.url()).pathname.split('/').pop()!;
    const posted = await e2e.sql('jobs', 'select posted_by_id from jobs where id = $1', [jobId]);
    expect(posted[0]?.posted_by_id).toBe(recruiter.id);

    // The candidate arrives on the open page (jobCandidates), with their score.
    const candidate = page.getByTestId('candidate').first();
    await candidate.waitFor(SLOW);
    const stored = await e2e.sql(
      'matching',
      'select score from matches where job_id = $1 and resume_id = $2',
      [jobId, candidateResumeId],
    );
    expect(stored).toHaveLength(1);
    await candidate.getByText(String(Math.round(stored[0].score)), { exact: true }).waitFor();
    // The first test's user is not open to recruiters: never shown, even when matched.
    expect(await page.getByTestId('candidate').count()).toBe(1);
    await shot('6-candidates');

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1100, height: 900 });

    // Back as the candidate: the posting's page analyses the resume against it and writes a letter.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(session.user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your resumes' }).waitFor();
    await page.goto(`${origin}/jobs/${jobId}`);
    await page.getByRole('heading', { name: 'With your resume' }).waitFor();
    await page.getByRole('button', { name: 'Analyse the fit' }).click();
    const analysis = page.getByTestId('analysis');
    await analysis.getByText(/^Score \d+ out of 100/).waitFor(SLOW);
    const analysed = await e2e.sql(
      'matching',
      "select score from analyses where job_id = $1 and status = 'SUCCEEDED'",
      [jobId],
    );
    expect(analysed).toHaveLength(1);
    await analysis.getByText(`Score ${Math.round(analysed[0].score)} out of 100`).waitFor();
    await analysis.getByText('postgresql', { exact: false }).first().waitFor();
    // The server ends analysisCompleted after its event: the idle socket closing is no reconnection.
    await page.getByTestId('live-state').filter({ hasText: 'Idle' }).waitFor();
    await page.getByRole('button', { name: 'Write a cover letter' }).click();
    const letter = page.getByTestId('cover-letter');
    await letter.waitFor(SLOW);
    expect(await letter.textContent()).toContain(RECRUITER_POSTING.company);
    await shot('7-job-tools');

    // Tailoring keeps the previous version as a snapshot; what changed since is listed.
    await page.getByRole('button', { name: 'Tailor my resume to it' }).click();
    await page.waitForURL(`${origin}/resumes/${candidateResumeId}`);
    const beforeTailoring = page
      .getByRole('listitem')
      .filter({ hasText: /^Before tailoring for Backend Engineer/ });
    await beforeTailoring.getByRole('button', { name: 'What changed since' }).click();
    const changes = page.getByRole('list', { name: /^Changes since Before tailoring/ });
    await changes.waitFor();
    expect(await changes.textContent()).not.toContain('Nothing changed.');

    // The resume page: a named snapshot, a share link read by someone signed out, then revoked.
    await page.getByLabel('Snapshot name').fill('Before applying');
    await page.getByRole('button', { name: 'Keep this version' }).click();
    await page.getByText(/^Before applying · version \d+/).waitFor();
    await page.getByRole('button', { name: 'Create a share link' }).click();
    const shareUrl = await page.getByTestId('share-url').inputValue();
    expect(shareUrl).toMatch(new RegExp(`^${origin}/shared/.+`));
    const stranger = await browser.newContext();
    const reader = await stranger.newPage();
    await reader.goto(shareUrl);
    await reader.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    await reader.getByText('Built TypeScript services on PostgreSQL and GraphQL APIs.').waitFor();
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('share-link').filter({ hasText: 'revoked' }).waitFor();
    await reader.reload();
    await reader.getByText('This link does not work: it may have expired or been revoked.').waitFor();
    await stranger.close();
    // A PDF through its short-lived link.
    await page.getByRole('button', { name: 'Make a classic PDF' }).click();
    const download = page.getByRole('link', { name: 'Download the PDF' });
    await download.waitFor(SLOW);
    const pdf = await page.request.get((await download.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await shot('8-resume-extras');
    await context.close();
  }, 300_000);
});
