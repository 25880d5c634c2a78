import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatRange, workHeader, type SampleResume } from './sample-resumes.js';

/** A Word resume with real heading styles, bullet lists and a table for education. */
export async function renderResumeDocx(resume: SampleResume): Promise<Uint8Array> {
  const b = resume.basics;
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: b.name, heading: HeadingLevel.TITLE }),
    new Paragraph(b.label),
    new Paragraph(
      [b.email, b.phone, `${b.location.city}, ${b.location.region}`, ...b.profiles.map((p) => p.url)].join(
        ' | ',
      ),
    ),
    new Paragraph({ text: 'Professional Summary', heading: HeadingLevel.HEADING_1 }),
    new Paragraph(b.summary),
    new Paragraph({ text: 'Work History', heading: HeadingLevel.HEADING_1 }),
  ];
  for (const work of resume.work) {
    for (const line of workHeader(work, resume.headerStyle))
      children.push(new Paragraph({ children: [new TextRun({ text: line, bold: true })] }));
    children.push(new Paragraph(formatRange(work.startDate, work.endDate, resume.dateStyle)));
    for (const highlight of work.highlights)
      children.push(new Paragraph({ text: highlight, bullet: { level: 0 } }));
  }
  children.push(new Paragraph({ text: 'Education', heading: HeadingLevel.HEADING_1 }));
  children.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: resume.education.map(
        (education) =>
          new TableRow({
            children: [
              `${education.studyType} in ${education.area}`,
              education.institution,
              formatRange(education.startDate, education.endDate, resume.dateStyle),
            ].map((text) => new TableCell({ children: [new Paragraph(text)] })),
          }),
      ),
    }),
  );
  children.push(new Paragraph({ text: 'Skills', heading: HeadingLevel.HEADING_1 }));
  for (const group of resume.skills)
    children.push(
      new Paragraph({ text: `${group.name}: ${group.keywords.join(', ')}`, bullet: { level: 0 } }),
    );
  const document = new Document({ sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(document));
}
