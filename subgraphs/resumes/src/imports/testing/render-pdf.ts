import PDFDocument from 'pdfkit';
import { formatRange, workHeader, type SampleResume } from './sample-resumes.js';

export type PdfLayout = 'one-column' | 'two-column' | 'table';

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.end();
  });
}

function contactLine(resume: SampleResume): string {
  const b = resume.basics;
  return [
    b.email,
    b.phone,
    `${b.location.city}, ${b.location.region}`,
    ...b.profiles.map((p) => p.url.replace(/^https:\/\//, '')),
  ].join(' | ');
}

/** A resume PDF in one of three layouts (standard fonts, real text layer). */
export async function renderResumePdf(
  resume: SampleResume,
  layout: PdfLayout,
  options: PDFKit.PDFDocumentOptions = {},
): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, ...options });
  const b = resume.basics;
  doc.font('Helvetica-Bold').fontSize(22).text(b.name, 50, 50);
  doc.font('Helvetica').fontSize(12).text(b.label);
  if (layout === 'two-column') renderTwoColumns(doc, resume);
  else {
    doc.fontSize(9).text(contactLine(resume));
    if (layout === 'table') renderTable(doc, resume);
    else renderOneColumn(doc, resume);
  }
  return collect(doc);
}

function heading(doc: PDFKit.PDFDocument, text: string, x: number, width: number) {
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text.toUpperCase(), x, undefined, { width });
  doc.font('Helvetica').fontSize(10).moveDown(0.2);
}

function mainSections(
  doc: PDFKit.PDFDocument,
  resume: SampleResume,
  x: number,
  width: number,
  includeSide: boolean,
) {
  heading(doc, 'Summary', x, width);
  doc.text(resume.basics.summary, x, undefined, { width });
  heading(doc, 'Experience', x, width);
  for (const work of resume.work) {
    doc.moveDown(0.4);
    for (const [index, line] of workHeader(work, resume.headerStyle).entries()) {
      doc.font(index === 0 ? 'Helvetica-Bold' : 'Helvetica').text(line, x, undefined, { width });
    }
    doc
      .font('Helvetica-Oblique')
      .text(formatRange(work.startDate, work.endDate, resume.dateStyle), x, undefined, { width });
    doc.font('Helvetica');
    for (const highlight of work.highlights)
      doc.text(`• ${highlight}`, x + 8, undefined, { width: width - 8 });
  }
  heading(doc, 'Education', x, width);
  for (const education of resume.education) {
    doc.font('Helvetica-Bold').text(education.institution, x, undefined, { width }).font('Helvetica');
    doc.text(`${education.studyType} in ${education.area}`, x, undefined, { width });
    doc.text(formatRange(education.startDate, education.endDate, resume.dateStyle), x, undefined, { width });
    if (education.score) doc.text(`GPA: ${education.score}`, x, undefined, { width });
  }
  if (includeSide) sideSections(doc, resume, x, width);
}

function sideSections(doc: PDFKit.PDFDocument, resume: SampleResume, x: number, width: number) {
  heading(doc, 'Skills', x, width);
  for (const group of resume.skills)
    doc.text(`${group.name}: ${group.keywords.join(', ')}`, x, undefined, { width });
  if (resume.languages) {
    heading(doc, 'Languages', x, width);
    for (const language of resume.languages)
      doc.text(`${language.language} (${language.fluency})`, x, undefined, { width });
  }
}

function renderOneColumn(doc: PDFKit.PDFDocument, resume: SampleResume) {
  mainSections(doc, resume, 50, 495, true);
}

/** Sidebar (contact, skills, languages) left, main column right: both start at the same height. */
function renderTwoColumns(doc: PDFKit.PDFDocument, resume: SampleResume) {
  const top = doc.y + 20;
  const sideX = 50;
  const sideWidth = 150;
  doc.y = top;
  heading(doc, 'Contact', sideX, sideWidth);
  const b = resume.basics;
  for (const line of [
    b.email,
    b.phone,
    `${b.location.city}, ${b.location.region}`,
    ...b.profiles.map((p) => p.url.replace(/^https:\/\//, '')),
  ]) {
    doc.fontSize(9).text(line, sideX, undefined, { width: sideWidth });
  }
  doc.fontSize(10);
  sideSections(doc, resume, sideX, sideWidth);
  doc.y = top;
  mainSections(doc, resume, 230, 315, false);
}

/** Experience and education as table rows: title | company | dates. */
function renderTable(doc: PDFKit.PDFDocument, resume: SampleResume) {
  const columns = [50, 210, 400];
  const widths = [150, 180, 145];
  const row = (cells: string[], font = 'Helvetica') => {
    const y = doc.y;
    doc.font(font);
    let bottom = y;
    cells.forEach((cell, index) => {
      doc.text(cell, columns[index], y, { width: widths[index] });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom + 2;
    doc.x = 50;
  };
  heading(doc, 'Summary', 50, 495);
  doc.text(resume.basics.summary, 50, undefined, { width: 495 });
  heading(doc, 'Work Experience', 50, 495);
  for (const work of resume.work) {
    row(
      [work.position, work.name, formatRange(work.startDate, work.endDate, resume.dateStyle)],
      'Helvetica-Bold',
    );
    for (const highlight of work.highlights)
      doc.font('Helvetica').text(`• ${highlight}`, 58, undefined, { width: 487 });
    doc.moveDown(0.3);
  }
  heading(doc, 'Education', 50, 495);
  for (const education of resume.education) {
    row([
      `${education.studyType} in ${education.area}`,
      education.institution,
      formatRange(education.startDate, education.endDate, resume.dateStyle),
    ]);
  }
  sideSections(doc, resume, 50, 495);
}
