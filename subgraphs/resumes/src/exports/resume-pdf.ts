import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { registerEnumType } from 'type-graphql';
import type { ResumeDocument, SectionKind } from '../resumes/resume-document.js';

export enum PdfTemplate {
  CLASSIC = 'CLASSIC',
  MODERN = 'MODERN',
}
registerEnumType(PdfTemplate, {
  name: 'PdfTemplate',
  description:
    'Layouts of an exported PDF; both are one column with real text, so applicant tracking systems read them.',
});

/** Roboto (OFL) from @expo-google-fonts/roboto: TrueType files pdfkit embeds, so text is real and selectable. */
const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf'),
  italic: require.resolve('@expo-google-fonts/roboto/400Regular_Italic/Roboto_400Regular_Italic.ttf'),
};

interface Style {
  accent: string;
  text: string;
  muted: string;
  nameSize: number;
  nameAlign: 'left' | 'center';
  headingUpper: boolean;
  headingRule: boolean;
}
const STYLES: Record<PdfTemplate, Style> = {
  [PdfTemplate.CLASSIC]: {
    accent: '#000000',
    text: '#000000',
    muted: '#444444',
    nameSize: 22,
    nameAlign: 'center',
    headingUpper: true,
    headingRule: true,
  },
  [PdfTemplate.MODERN]: {
    accent: '#1f4e79',
    text: '#1a1a1a',
    muted: '#555555',
    nameSize: 26,
    nameAlign: 'left',
    headingUpper: false,
    headingRule: false,
  },
};

const HEADINGS: Record<SectionKind, string> = {
  WORK: 'Experience',
  VOLUNTEER: 'Volunteering',
  EDUCATION: 'Education',
  AWARDS: 'Awards',
  CERTIFICATES: 'Certificates',
  PUBLICATIONS: 'Publications',
  SKILLS: 'Skills',
  LANGUAGES: 'Languages',
  INTERESTS: 'Interests',
  REFERENCES: 'References',
  PROJECTS: 'Projects',
  CUSTOM: '',
};

const join = (parts: (string | undefined | null | false)[], separator: string) =>
  parts.filter((part): part is string => !!part && part.trim() !== '').join(separator);
const period = (start?: string, end?: string) =>
  start || end ? `${start ?? ''} – ${end ?? (start ? 'Present' : '')}`.trim() : undefined;

/**
 * Renders a resume as a one-column PDF. What is given is printed: the caller passes the document
 * it may show (contact details for the owner), and salary expectations are never printed here.
 */
export function renderResumePdf(title: string, doc: ResumeDocument, template: PdfTemplate): Promise<Buffer> {
  const style = STYLES[template];
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 48, left: 54, right: 54 },
    info: { Title: doc.basics.name ? `${doc.basics.name} – ${title}` : title, Creator: 'Hiregraph' },
  });
  pdf.registerFont('regular', FONTS.regular);
  pdf.registerFont('bold', FONTS.bold);
  pdf.registerFont('italic', FONTS.italic);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
  const left = pdf.page.margins.left;

  const paragraph = (text: string, size = 10, font = 'regular', color = style.text) =>
    pdf.font(font).fontSize(size).fillColor(color).text(text, left, undefined, { width, lineGap: 1.5 });
  const bullets = (items: string[]) => {
    for (const item of items)
      pdf
        .font('regular')
        .fontSize(10)
        .fillColor(style.text)
        .text(`• ${item}`, left + 10, undefined, { width: width - 10, lineGap: 1.5 });
  };
  const entry = (heading: string, when: string | undefined, sub: string | undefined) => {
    const y = pdf.y;
    pdf
      .font('bold')
      .fontSize(11)
      .fillColor(style.text)
      .text(heading, left, y, { width: width - 130 });
    const after = pdf.y;
    if (when)
      pdf
        .font('regular')
        .fontSize(10)
        .fillColor(style.muted)
        .text(when, left + width - 130, y, {
          width: 130,
          align: 'right',
        });
    pdf.y = Math.max(after, pdf.y);
    if (sub) paragraph(sub, 10, 'italic', style.muted);
  };
  const heading = (text: string) => {
    pdf.moveDown(0.8);
    pdf
      .font('bold')
      .fontSize(13)
      .fillColor(style.accent)
      .text(style.headingUpper ? text.toUpperCase() : text, left, undefined, { width });
    if (style.headingRule) {
      pdf
        .moveTo(left, pdf.y + 1)
        .lineTo(left + width, pdf.y + 1)
        .lineWidth(0.7)
        .strokeColor(style.accent)
        .stroke();
    }
    pdf.moveDown(0.4);
  };

  // Header: name, headline, contact line.
  const { basics } = doc;
  pdf
    .font('bold')
    .fontSize(style.nameSize)
    .fillColor(style.accent)
    .text(basics.name ?? title, left, undefined, { width, align: style.nameAlign });
  if (basics.label)
    pdf
      .font('regular')
      .fontSize(12)
      .fillColor(style.muted)
      .text(basics.label, { width, align: style.nameAlign });
  const place =
    basics.location &&
    join([basics.location.city, basics.location.region, basics.location.countryCode], ', ');
  const contact = join(
    [
      basics.email,
      basics.phone,
      basics.location?.address,
      place,
      basics.url,
      ...basics.profiles.map((p) => p.url ?? join([p.network, p.username], ': ')),
    ],
    '  |  ',
  );
  if (contact)
    pdf
      .font('regular')
      .fontSize(9.5)
      .fillColor(style.muted)
      .text(contact, left, undefined, { width, align: style.nameAlign });
  if (basics.summary) {
    heading('Summary');
    paragraph(basics.summary);
  }

  for (const section of doc.sections) {
    if (!section.visible) continue;
    const render = SECTION_RENDERERS[section.kind];
    if (!render.has(doc)) continue;
    if (section.kind !== 'CUSTOM') heading(HEADINGS[section.kind]); // custom sections carry their own titles
    render.draw(doc, { entry, paragraph, bullets, heading, pdf });
  }
  pdf.end();
  return done;
}

interface Pen {
  entry(heading: string, when: string | undefined, sub: string | undefined): void;
  paragraph(text: string, size?: number, font?: string): void;
  bullets(items: string[]): void;
  heading(text: string): void;
  pdf: PDFKit.PDFDocument;
}
interface SectionRenderer {
  has(doc: ResumeDocument): boolean;
  draw(doc: ResumeDocument, pen: Pen): void;
}
const gap = (pen: Pen) => pen.pdf.moveDown(0.5);

const SECTION_RENDERERS: Record<SectionKind, SectionRenderer> = {
  WORK: {
    has: (doc) => doc.work.length > 0,
    draw: (doc, pen) =>
      doc.work.forEach((job) => {
        pen.entry(
          join([job.position, job.name], ' — ') || 'Position',
          period(job.startDate, job.endDate),
          job.location,
        );
        if (job.summary) pen.paragraph(job.summary);
        pen.bullets(job.highlights);
        gap(pen);
      }),
  },
  VOLUNTEER: {
    has: (doc) => doc.volunteer.length > 0,
    draw: (doc, pen) =>
      doc.volunteer.forEach((item) => {
        pen.entry(
          join([item.position, item.organization], ' — '),
          period(item.startDate, item.endDate),
          undefined,
        );
        if (item.summary) pen.paragraph(item.summary);
        pen.bullets(item.highlights);
        gap(pen);
      }),
  },
  EDUCATION: {
    has: (doc) => doc.education.length > 0,
    draw: (doc, pen) =>
      doc.education.forEach((item) => {
        pen.entry(
          join([join([item.studyType, item.area], ', '), item.institution], ' — '),
          period(item.startDate, item.endDate),
          item.score ? `Score: ${join([item.score, item.scoreScale], ' / ')}` : undefined,
        );
        if (item.courses.length) pen.paragraph(`Courses: ${item.courses.join(', ')}`);
        gap(pen);
      }),
  },
  AWARDS: {
    has: (doc) => doc.awards.length > 0,
    draw: (doc, pen) =>
      doc.awards.forEach((item) => {
        pen.entry(join([item.title, item.awarder], ' — '), item.date, undefined);
        if (item.summary) pen.paragraph(item.summary);
      }),
  },
  CERTIFICATES: {
    has: (doc) => doc.certificates.length > 0,
    draw: (doc, pen) =>
      doc.certificates.forEach((item) =>
        pen.entry(join([item.name, item.issuer], ' — '), item.date, undefined),
      ),
  },
  PUBLICATIONS: {
    has: (doc) => doc.publications.length > 0,
    draw: (doc, pen) =>
      doc.publications.forEach((item) => {
        pen.entry(join([item.name, item.publisher], ' — '), item.releaseDate, undefined);
        if (item.summary) pen.paragraph(item.summary);
      }),
  },
  SKILLS: {
    has: (doc) => doc.skills.length > 0,
    draw: (doc, pen) =>
      doc.skills.forEach((skill) =>
        pen.paragraph(
          join([join([skill.name, skill.level && `(${skill.level})`], ' '), skill.keywords.join(', ')], ': '),
        ),
      ),
  },
  LANGUAGES: {
    has: (doc) => doc.languages.length > 0,
    draw: (doc, pen) =>
      pen.paragraph(
        doc.languages.map((l) => join([l.language, l.fluency && `(${l.fluency})`], ' ')).join(', '),
      ),
  },
  INTERESTS: {
    has: (doc) => doc.interests.length > 0,
    draw: (doc, pen) =>
      doc.interests.forEach((i) => pen.paragraph(join([i.name, i.keywords.join(', ')], ': '))),
  },
  REFERENCES: {
    has: (doc) => doc.references.length > 0,
    draw: (doc, pen) =>
      doc.references.forEach((item) => {
        if (item.reference) pen.paragraph(`“${item.reference}”`, 10, 'italic');
        if (item.name) pen.paragraph(`— ${item.name}`);
        gap(pen);
      }),
  },
  PROJECTS: {
    has: (doc) => doc.projects.length > 0,
    draw: (doc, pen) =>
      doc.projects.forEach((item) => {
        pen.entry(
          item.name ?? 'Project',
          period(item.startDate, item.endDate),
          join([item.entity, item.roles.join(', ')], ' — ') || undefined,
        );
        if (item.description) pen.paragraph(item.description);
        pen.bullets(item.highlights);
        if (item.keywords.length) pen.paragraph(`Technologies: ${item.keywords.join(', ')}`);
        gap(pen);
      }),
  },
  CUSTOM: {
    has: (doc) => doc.custom.length > 0,
    draw: (doc, pen) =>
      doc.custom.forEach((section) => {
        pen.heading(section.title);
        section.items.forEach((item) => {
          pen.entry(join([item.title, item.subtitle], ' — '), item.date, undefined);
          if (item.summary) pen.paragraph(item.summary);
          pen.bullets(item.highlights);
        });
      }),
  },
};
