import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import yauzl from 'yauzl';
import { userObjectPrefix } from '@hiregraph/platform/s3';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { extractResumeText } from '../imports/extract.js';
import { resumesSubgraph } from '../subgraph.js';
import { ExportObject, UserBackup } from './export.entity.js';
import { ExportService } from './export.service.js';

const CREATE = `mutation ($input: CreateResumeInput!) { createResume(input: $input) { id } }`;
const PDF = `mutation ($id: ID!, $t: PdfTemplate) { exportResumePdf(id: $id, template: $t) { url expiresAt key } }`;
const EXPORT = `mutation { exportMyData { id key size createdAt download { url expiresAt key } } }`;

/** The entries of a zip: name → content. */
function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(entries));
      zip.readEntry();
    });
  });
}

describe('exports', () => {
  let resumes: TestSubgraph;
  let tokens: TestTokenIssuer;
  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    resumes = await startTestSubgraph(resumesSubgraph, {
      env: { AUTH_JWKS_URL: tokens.jwksUrl, EXPORT_PDF_PER_HOUR: '3', EXPORT_BACKUPS_PER_DAY: '2' },
    });
  });
  afterAll(async () => {
    await resumes.stop();
    await tokens.close();
  });
  const as = async (userId: string) => bearer(await tokens.token({ userId, role: 'USER' }));
  const input = {
    title: 'Backend CV',
    basics: { name: 'Grace Hopper', email: 'grace@example.com', summary: 'Compiler pioneer.' },
    salaryExpectation: { min: 987654, currency: 'USD', period: 'YEAR' },
    work: [
      {
        name: 'Remington Rand',
        position: 'Senior Mathematician',
        startDate: '1949-06',
        endDate: '1960-01',
        highlights: ['Built the A-0 compiler'],
      },
    ],
    education: [{ institution: 'Yale University', studyType: 'PhD', area: 'Mathematics' }],
    skills: [{ name: 'Programming', keywords: ['COBOL', 'FLOW-MATIC'] }],
    volunteer: [{ organization: 'Hidden Club', position: 'Secretary' }],
  };

  it.each(['CLASSIC', 'MODERN'])(
    'renders a %s PDF with extractable text, contact details for the owner and no salary',
    async (template) => {
      const owner = randomUUID();
      const auth = await as(owner);
      const id = (await resumes.query(CREATE, { input }, auth)).data.createResume.id;
      // A hidden section is not printed.
      await resumes.query(
        'mutation ($id: ID!) { setSectionVisibility(id: $id, version: 1, section: VOLUNTEER, visible: false) { id } }',
        { id },
        auth,
      );
      const res = await resumes.query(PDF, { id, t: template }, auth);
      expect(res.errors).toBeUndefined();
      const { url, key, expiresAt } = res.data.exportResumePdf;
      expect(key.startsWith(`${userObjectPrefix(owner)}exports/${id}/`)).toBe(true);
      const ttl = Date.parse(expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(14 * 60_000);
      expect(ttl).toBeLessThanOrEqual(15 * 60_000);
      const download = await fetch(url);
      expect(download.status).toBe(200);
      const pdf = Buffer.from(await download.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.includes(Buffer.from('Roboto'))).toBe(true); // the embedded TrueType font
      const { markdown } = await extractResumeText(new Uint8Array(pdf), 'pdf');
      for (const text of [
        'Grace Hopper',
        'grace@example.com',
        'Remington Rand',
        'Senior Mathematician',
        'Yale University',
        'COBOL',
      ])
        expect(markdown).toContain(text);
      expect(markdown).not.toMatch(/987[,. ]?654/);
      expect(markdown).not.toContain('Hidden Club');

      const other = await resumes.query(PDF, { id, t: template }, await as(randomUUID()));
      expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    },
  );

  it('exports every resume as JSON Resume plus stored files into a recorded archive', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    const first = (await resumes.query(CREATE, { input }, auth)).data.createResume.id;
    const second = (
      await resumes.query(CREATE, { input: { title: 'Short CV', basics: { name: 'G. Hopper' } } }, auth)
    ).data.createResume.id;
    const { storage, config } = resumes.subgraph.runtime;
    await storage.putObject(
      config.S3_BUCKET,
      `${userObjectPrefix(owner)}attachments/letter.txt`,
      Buffer.from('Dear reader'),
    );
    // A generated PDF is not archived again.
    await resumes.query(PDF, { id: first }, auth);

    const res = await resumes.query(EXPORT, {}, auth);
    expect(res.errors).toBeUndefined();
    const backup = res.data.exportMyData;
    expect(backup.key.startsWith(`${userObjectPrefix(owner)}backups/`)).toBe(true);
    const zip = Buffer.from(await (await fetch(backup.download.url)).arrayBuffer());
    expect(zip.length).toBe(backup.size);
    const entries = await unzip(zip);
    const names = [...entries.keys()];
    expect(names).toEqual(expect.arrayContaining(['account.json', 'files/attachments/letter.txt']));
    expect(names.some((name) => name.startsWith('files/exports/'))).toBe(false);
    expect(entries.get('files/attachments/letter.txt')!.toString()).toBe('Dear reader');
    const documents = names
      .filter((name) => name.startsWith('resumes/'))
      .map((name) => JSON.parse(entries.get(name)!.toString()));
    expect(documents).toHaveLength(2);
    expect(documents.map((d) => d.basics.name).sort()).toEqual(['G. Hopper', 'Grace Hopper']);
    const account = JSON.parse(entries.get('account.json')!.toString());
    expect(account.resumes.map((r: { id: string }) => r.id).sort()).toEqual([first, second].sort());

    expect(await resumes.em().count(UserBackup, { ownerId: owner })).toBe(1);
    const listed = await resumes.query('{ myBackups { id size download { url } } }', {}, auth);
    expect(listed.data.myBackups).toEqual([expect.objectContaining({ id: backup.id, size: backup.size })]);
    expect((await resumes.query('{ myBackups { id } }', {}, await as(randomUUID()))).data.myBackups).toEqual(
      [],
    );
    expect((await resumes.query(EXPORT)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('limits PDF and data exports per user with RATE_LIMITED', async () => {
    const auth = await as(randomUUID());
    const id = (await resumes.query(CREATE, { input }, auth)).data.createResume.id;
    for (let i = 0; i < 3; i += 1) expect((await resumes.query(PDF, { id }, auth)).errors).toBeUndefined();
    const refused = await resumes.query(PDF, { id }, auth);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
    // A refused request stored nothing.
    expect(await resumes.em().count(ExportObject, { key: { $like: `%/exports/${id}/%` } })).toBe(3);
    for (let i = 0; i < 2; i += 1) expect((await resumes.query(EXPORT, {}, auth)).errors).toBeUndefined();
    expect((await resumes.query(EXPORT, {}, auth)).errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    // Another user's allowance is their own.
    const other = await as(randomUUID());
    const otherId = (await resumes.query(CREATE, { input }, other)).data.createResume.id;
    expect((await resumes.query(PDF, { id: otherId }, other)).errors).toBeUndefined();
    expect((await resumes.query(EXPORT, {}, other)).errors).toBeUndefined();
  });

  it('expires generated PDFs after an hour and archives after a week, objects and records', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    const id = (await resumes.query(CREATE, { input }, auth)).data.createResume.id;
    const pdf = (await resumes.query(PDF, { id }, auth)).data.exportResumePdf;
    const backup = (await resumes.query(EXPORT, {}, auth)).data.exportMyData;
    const { storage, config } = resumes.subgraph.runtime;
    const exists = (key: string) =>
      storage.statObject(config.S3_BUCKET, key).then(
        () => true,
        () => false,
      );
    const sweepAt = (ms: number) =>
      ExportService.removeExpired(resumes.em(), resumes.subgraph.runtime, new Date(Date.now() + ms));
    expect(await exists(pdf.key)).toBe(true);

    await sweepAt(30 * 60_000); // nothing is due yet
    expect(await exists(pdf.key)).toBe(true);
    await sweepAt(61 * 60_000); // the PDF is, the archive is not
    expect(await exists(pdf.key)).toBe(false);
    expect(await exists(backup.key)).toBe(true);
    expect((await resumes.query('{ myBackups { id } }', {}, auth)).data.myBackups).toEqual([
      { id: backup.id },
    ]);

    // Past its expiry an archive is no longer listed, even before a sweep removes it...
    await resumes
      .em()
      .nativeUpdate(ExportObject, { key: backup.key }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await resumes.query('{ myBackups { id } }', {}, auth)).data.myBackups).toEqual([]);
    // ...and the sweep removes the object and both records.
    expect(await sweepAt(0)).toBeGreaterThanOrEqual(1);
    expect(await exists(backup.key)).toBe(false);
    expect(await resumes.em().count(UserBackup, { ownerId: owner })).toBe(0);
    expect(await resumes.em().count(ExportObject, { ownerId: owner })).toBe(0);
  });
});
