import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import PDFDocument from 'pdfkit';

/** A job description as headings and bullet lines: `## Heading` and `- item`, anything else a paragraph. */
export const JOB_DESCRIPTION = [
  'Backend Engineer',
  'We build developer tools for data teams.',
  '## Requirements',
  '- 5+ years of experience',
  '- TypeScript',
  '- PostgreSQL',
  '- Kubernetes',
  '## Nice to have',
  '- Terraform',
];

/** The description as a Word file with real heading styles and bullets. */
export async function jobDescriptionDocx(lines = JOB_DESCRIPTION): Promise<Uint8Array> {
  const children = lines.map((line) =>
    line.startsWith('## ')
      ? new Paragraph({ text: line.slice(3), heading: HeadingLevel.HEADING_1 })
      : line.startsWith('- ')
        ? new Paragraph({ text: line.slice(2), bullet: { level: 0 } })
        : new Paragraph(line),
  );
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

/** The description as a text PDF (standard fonts). */
export function jobDescriptionPdf(lines = JOB_DESCRIPTION): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 50 });
  for (const line of lines) {
    if (line.startsWith('## ')) doc.moveDown().font('Helvetica-Bold').fontSize(14).text(line.slice(3));
    else
      doc
        .font('Helvetica')
        .fontSize(11)
        .text(line.startsWith('- ') ? `• ${line.slice(2)}` : line);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.end();
  });
}
