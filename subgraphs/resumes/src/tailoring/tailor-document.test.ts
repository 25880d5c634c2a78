import { resumeFactsFromText } from '@hiregraph/ai/claims';
import { documentSchema } from '../resumes/resume-document.js';
import { documentToMarkdown } from '../resumes/resume-markdown.js';
import {
  askedSkills,
  relevance,
  reorderForTarget,
  shownAskedSkills,
  templateSummary,
} from './tailor-document.js';

const document = documentSchema.parse({
  basics: { name: 'Ada Byron', label: 'Backend Engineer', summary: 'I build reliable services.' },
  work: [
    {
      name: 'Acme',
      position: 'Senior Backend Engineer',
      startDate: '2019-01',
      highlights: ['Organised team offsites', 'Ran PostgreSQL replication', 'Wrote TypeScript services'],
    },
    { name: 'Globex', position: 'Developer', startDate: '2015-01', endDate: '2018-12', highlights: [] },
  ],
  skills: [
    { name: 'Design', keywords: ['Figma'] },
    { name: 'Languages', keywords: ['Python', 'Go', 'TypeScript'] },
    { name: 'Cloud', keywords: ['AWS'] },
  ],
});
const asked = askedSkills({ requiredSkills: ['typescript', 'Kubernetes'], preferredSkills: ['aws'] });

describe('tailoring a document', () => {
  it('weighs required skills over preferred ones, and reads ids and names alike', () => {
    expect([...asked]).toEqual([
      ['typescript', 2],
      ['kubernetes', 2],
      ['aws', 1],
    ]);
    expect(relevance('Wrote TypeScript services', asked)).toBe(2);
    expect(relevance('Organised team offsites', asked)).toBe(0);
  });

  it('puts what the target asks for first, and adds, removes or rewords nothing', () => {
    const tailored = reorderForTarget(document, asked);
    expect(tailored.skills.map((group) => group.name)).toEqual(['Languages', 'Cloud', 'Design']);
    expect(tailored.skills[0].keywords).toEqual(['TypeScript', 'Python', 'Go']);
    expect(tailored.work[0].highlights).toEqual([
      'Wrote TypeScript services',
      'Organised team offsites',
      'Ran PostgreSQL replication',
    ]);
    const everything = (doc: typeof document) =>
      JSON.stringify([
        doc.skills.flatMap((g) => [g.name, ...g.keywords]).sort(),
        doc.work.flatMap((w) => w.highlights).sort(),
      ]);
    expect(everything(tailored)).toBe(everything(document));
    // The input is not changed.
    expect(document.skills[0].name).toBe('Design');
  });

  it('writes a summary from the resume’s facts only, replacing an earlier tailored lead', () => {
    const facts = resumeFactsFromText(documentToMarkdown('CV', document));
    const shown = shownAskedSkills(asked, facts);
    expect(shown).toEqual(['TypeScript', 'AWS']);
    const summary = templateSummary(document, shown);
    expect(summary).toBe(
      'Backend Engineer with experience in TypeScript and AWS. Most recently Senior Backend Engineer at Acme.\n\nI build reliable services.',
    );
    const again = templateSummary({ ...document, basics: { ...document.basics, summary } }, ['Python']);
    expect(again).toBe(
      'Backend Engineer with experience in Python. Most recently Senior Backend Engineer at Acme.\n\nI build reliable services.',
    );
  });
});
