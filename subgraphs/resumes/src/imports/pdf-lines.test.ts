import PDFDocument from 'pdfkit';
import { importResumeFile } from './import-resume.js';

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.end();
  });
}

const LONG_BULLET =
  'Rebuilt the search indexing pipeline so that hundreds of millions of daily active users could search ' +
  'content across the entire platform with results that stay fresh within seconds of an edit';

/**
 * A two-page resume laid out the way LaTeX and React-PDF templates do: bold entry headers with the
 * dates right-aligned on the line below, bullets whose text wraps, a bullet before a company line,
 * section headings the word list does not know (same style as the known ones), page numbers.
 */
async function layoutResume(): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 54 });
  const left = 54;
  const right = 558;
  const heading = (text: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(text, left);
    doc.moveDown(0.3);
  };
  const bullet = (text: string) => {
    const y = doc.y;
    doc
      .font('Helvetica')
      .fontSize(10)
      .text('•', left + 6, y);
    doc.text(text, left + 18, y, { width: 380 });
  };
  const header = (bold: string, rest: string, dates: string, bulleted = false) => {
    const y = doc.y + 4;
    if (bulleted)
      doc
        .font('Helvetica')
        .fontSize(10)
        .text('•', left + 6, y);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(bold, left + (bulleted ? 18 : 0), y, { continued: true });
    doc.font('Helvetica').text(rest);
    doc.text(dates, right - doc.widthOfString(dates), y);
    doc.moveDown(0.1);
  };
  doc.font('Helvetica-Bold').fontSize(22).text('Dana Whitfield', left, 54);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text('dana@example.org | Mobile: (909) 555-\u00ad\u20105555 | Denver, CO');
  heading('Experience');
  header('Orbital Maps', ' | Boulder, CO | Staff Engineer', 'Mar 2021 – Present');
  bullet(LONG_BULLET);
  bullet('Cut p99 latency by 40% across the tile service.');
  const leadY = doc.y;
  doc
    .font('Helvetica')
    .fontSize(10)
    .text('•', left + 6, leadY);
  doc.font('Helvetica-Bold').text('Hiring:', left + 18, leadY, { continued: true });
  doc.font('Helvetica').text(' grew the team from 3 to 11 engineers', { width: 380 });
  header('Google', ' | Mountain View, CA | Software Engineer', 'Jun 2016 – Feb 2021', true);
  bullet('Shipped offline maps to 200 countries.');
  heading('Activities & Leadership');
  header('Code for Denver', ' | Organizer', 'Jan 2019 – Present');
  bullet('Ran monthly civic hack nights for 60 volunteers.');
  heading('Projects');
  header('TileForge', ' | Vector tile compiler', '2020');
  bullet('Open-source Rust tool with 2,000 stars.');
  doc.font('Helvetica').fontSize(9).text('1', 300, 740, { lineBreak: false });
  doc.addPage();
  heading('Patents');
  bullet('Method for incremental tile rendering (US 11,000,001)');
  heading('Education');
  header('University of Colorado Boulder', ' | B.S. in Computer Science', '2012 – 2016');
  heading('Skills');
  doc.font('Helvetica').fontSize(10).text('Languages: Rust, Go, TypeScript', left);
  doc.text('Tools: PostgreSQL, Kafka, Kubernetes', left);
  heading('Awards');
  bullet('Engineering Excellence Award (2022)');
  heading('Interests');
  doc.font('Helvetica').fontSize(10).text('Climbing, Chess, Urban sketching', left);
  doc.font('Helvetica').fontSize(9).text('2', 300, 740, { lineBreak: false });
  return collect(doc);
}

describe('reading a real resume layout', () => {
  it('joins wrapped bullets, reads bulleted and bold headers, maps every section, normalises the phone', async () => {
    const { resume, markdown } = await importResumeFile(await layoutResume(), 'pdf');
    expect(resume.basics).toMatchObject({ name: 'Dana Whitfield', email: 'dana@example.org' });
    expect(resume.basics.phone).toBe('(909) 555-5555');
    expect(resume.basics.label ?? '').not.toMatch(/\d{3}/);
    // No page number anywhere, no wrapped line as an entry of its own.
    expect(markdown).not.toMatch(/^\s*[12]\s*$/m);
    expect(resume.work.map((w) => [w.name, w.position, w.startDate, w.current ?? false])).toEqual([
      ['Orbital Maps', 'Staff Engineer', '2021-03', true],
      ['Google', 'Software Engineer', '2016-06', false],
    ]);
    // A bold lead-in keeps its bullet a highlight.
    expect(resume.work[0].highlights).toEqual([
      LONG_BULLET,
      'Cut p99 latency by 40% across the tile service.',
      'Hiring: grew the team from 3 to 11 engineers',
    ]);
    expect(resume.volunteer).toMatchObject([
      { organization: 'Code for Denver', position: 'Organizer', startDate: '2019-01', current: true },
    ]);
    expect(resume.projects.map((p) => p.name)).toEqual(['TileForge']);
    expect(resume.education).toMatchObject([
      { institution: 'University of Colorado Boulder', studyType: 'B.S.', area: 'Computer Science' },
    ]);
    // "Patents" is a heading by its style: its bullet is not a highlight of the last project.
    expect(resume.projects[0].highlights).toEqual(['Open-source Rust tool with 2,000 stars.']);
    // "Languages: …" inside Skills is a skill group, not the Languages section.
    expect(resume.skillNames).toEqual(['Rust', 'Go', 'TypeScript', 'PostgreSQL', 'Kafka', 'Kubernetes']);
    expect(resume.languages).toEqual([]);
    expect(resume.awards).toEqual([{ title: 'Engineering Excellence Award', date: '2022' }]);
    expect(resume.interests.map((i) => i.name)).toEqual(['Climbing', 'Chess', 'Urban sketching']);
  });
});
