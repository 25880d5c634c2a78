import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { startE2EPlatform, type Account, type E2EPlatform } from './support/platform.js';
import { confirmedUpload } from './support/uploads.js';

const CREATE = `mutation ($input: CreateRequirementsInput!) {
  createRequirements(input: $input) { id status }
}`;
const READ = `query ($id: ID!) {
  requirements(id: $id) { id status text years requiredSkills preferredSkills failureCode failureReason }
}`;

/** A Word job description with real headings and bullets, as a recruiter would send it. */
async function jobDescriptionDocx(): Promise<Uint8Array> {
  const bullet = (text: string) => new Paragraph({ text, bullet: { level: 0 } });
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph('Platform Engineer'),
          new Paragraph('We run the data platform behind our analytics product.'),
          heading('Requirements'),
          bullet('5+ years of experience'),
          bullet('Go'),
          bullet('Kubernetes'),
          bullet('PostgreSQL'),
          heading('Nice to have'),
          bullet('Terraform'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

describe('requirements from an uploaded job description, through the gateway', () => {
  let e2e: E2EPlatform;
  beforeAll(async () => {
    e2e = await startE2EPlatform('requpload');
  }, 120_000);
  afterAll(() => e2e?.stop());

  const settled = (id: string, account: Account) =>
    eventually(async () => {
      const res = await e2e.gateway(READ, { id }, account.accessToken);
      const requirements = res.data?.requirements;
      return requirements && requirements.status !== 'EXTRACTING' ? requirements : undefined;
    }, 30_000);

  it("reads the owner's DOCX into READY requirements; another user's upload ends FAILED", async () => {
    const owner = await e2e.register('Req Owner');
    const uploadId = await confirmedUpload(e2e, owner, await jobDescriptionDocx(), 'platform-engineer.docx');

    const created = await e2e.gateway(
      CREATE,
      { input: { title: 'Platform Engineer', uploadId } },
      owner.accessToken,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createRequirements.status).toBe('EXTRACTING');
    const ready = await settled(created.data.createRequirements.id, owner);
    expect(ready).toMatchObject({
      status: 'READY',
      years: 5,
      requiredSkills: expect.arrayContaining(['go', 'kubernetes', 'postgresql']),
      preferredSkills: ['terraform'],
      failureCode: null,
    });
    expect(ready.text).toContain('We run the data platform');

    // Someone else's upload id: answered by its owner subgraph as FORBIDDEN, never read.
    const intruder = await e2e.register('Req Intruder');
    const theirs = await confirmedUpload(e2e, owner, await jobDescriptionDocx(), 'another.docx');
    const stolen = await e2e.gateway(
      CREATE,
      { input: { title: 'Not mine', uploadId: theirs } },
      intruder.accessToken,
    );
    expect(stolen.errors).toBeUndefined();
    const failed = await settled(stolen.data.createRequirements.id, intruder);
    expect(failed).toMatchObject({
      status: 'FAILED',
      failureCode: 'FORBIDDEN',
      failureReason: expect.stringMatching(/another user/),
      text: '',
      requiredSkills: [],
    });
    // The owner's upload is still theirs to use.
    const own = await e2e.gateway(CREATE, { input: { title: 'Mine', uploadId: theirs } }, owner.accessToken);
    expect((await settled(own.data.createRequirements.id, owner)).status).toBe('READY');
  });
});
