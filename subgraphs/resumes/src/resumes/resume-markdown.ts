import type { ResumeDocument, SectionKind } from './resume-document.js';

/**
 * The visible content as clean markdown, regenerated from the structure on every change: what
 * matching and LLM prompts read. Private fields (email, phone, street address, salary) and hidden
 * sections are left out.
 */
export function documentToMarkdown(title: string, doc: ResumeDocument): string {
  const out: string[] = [];
  const b = doc.basics;
  out.push(`# ${b.name || title}`);
  if (b.label) out.push(b.label);
  const place = [b.location?.city, b.location?.region, b.location?.countryCode].filter(Boolean).join(', ');
  const links = [
    b.url,
    ...b.profiles.map((p) => p.url ?? [p.network, p.username].filter(Boolean).join(': ')),
  ];
  const contact = [place, ...links].filter(Boolean).join(' · ');
  if (contact) out.push(contact);
  if (b.summary) out.push('', '## Summary', '', b.summary);
  for (const { kind, visible } of doc.sections) if (visible) out.push(...section(kind, doc));
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

const range = (start?: string, end?: string) => (start || end ? `${start ?? '?'} – ${end ?? 'present'}` : '');
const line = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' · ');
const bullets = (items: string[] = []) => items.map((item) => `- ${item}`);
const heading = (title: string, blocks: string[][]) =>
  blocks.length ? ['', `## ${title}`, ...blocks.flatMap((block) => ['', ...block])] : [];

function section(kind: SectionKind, doc: ResumeDocument): string[] {
  switch (kind) {
    case 'WORK':
      return heading(
        'Experience',
        doc.work.map((w) => [
          `### ${line(w.position, w.name)}`,
          line(range(w.startDate, w.endDate), w.location),
          ...(w.summary ? [w.summary] : []),
          ...bullets(w.highlights),
        ]),
      );
    case 'VOLUNTEER':
      return heading(
        'Volunteering',
        doc.volunteer.map((v) => [
          `### ${line(v.position, v.organization)}`,
          range(v.startDate, v.endDate),
          ...(v.summary ? [v.summary] : []),
          ...bullets(v.highlights),
        ]),
      );
    case 'EDUCATION':
      return heading(
        'Education',
        doc.education.map((e) => [
          `### ${line(line(e.studyType, e.area), e.institution)}`,
          line(
            range(e.startDate, e.endDate),
            e.score && `Score ${e.score}${e.scoreScale ? `/${e.scoreScale}` : ''}`,
          ),
          ...bullets(e.courses),
        ]),
      );
    case 'AWARDS':
      return heading(
        'Awards',
        doc.awards.map((a) => [`- ${line(a.title, a.awarder, a.date)}`, ...(a.summary ? [a.summary] : [])]),
      );
    case 'CERTIFICATES':
      return heading(
        'Certificates',
        [doc.certificates.map((c) => `- ${line(c.name, c.issuer, c.date)}`)].filter((b) => b.length),
      );
    case 'PUBLICATIONS':
      return heading(
        'Publications',
        doc.publications.map((p) => [
          `- ${line(p.name, p.publisher, p.releaseDate)}`,
          ...(p.summary ? [p.summary] : []),
        ]),
      );
    case 'SKILLS':
      return heading(
        'Skills',
        [
          doc.skills.map(
            (s) =>
              `- ${s.name ?? ''}${s.level ? ` (${s.level})` : ''}${s.keywords.length ? `: ${s.keywords.join(', ')}` : ''}`,
          ),
        ].filter((b) => b.length),
      );
    case 'LANGUAGES':
      return heading(
        'Languages',
        [doc.languages.map((l) => `- ${line(l.language, l.fluency)}`)].filter((b) => b.length),
      );
    case 'INTERESTS':
      return heading(
        'Interests',
        [
          doc.interests.map(
            (i) => `- ${i.name ?? ''}${i.keywords.length ? `: ${i.keywords.join(', ')}` : ''}`,
          ),
        ].filter((b) => b.length),
      );
    case 'REFERENCES':
      return heading(
        'References',
        doc.references.map((r) => [`- ${line(r.name)}`, ...(r.reference ? [r.reference] : [])]),
      );
    case 'PROJECTS':
      return heading(
        'Projects',
        doc.projects.map((p) => [
          `### ${line(p.name, p.entity)}`,
          line(range(p.startDate, p.endDate), p.roles.join(', ')),
          ...(p.description ? [p.description] : []),
          ...bullets(p.highlights),
          ...(p.keywords.length ? [`Keywords: ${p.keywords.join(', ')}`] : []),
        ]),
      );
    case 'CUSTOM':
      return doc.custom.flatMap((c) =>
        heading(
          c.title,
          c.items.map((i) => [
            `### ${line(i.title, i.subtitle)}`,
            ...(i.date ? [i.date] : []),
            ...(i.summary ? [i.summary] : []),
            ...bullets(i.highlights),
          ]),
        ),
      );
  }
}
