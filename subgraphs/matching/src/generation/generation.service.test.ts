import { findClaimViolations, resumeFactsFromText } from '@hiregraph/ai/claims';
import type { ResumeContext, TargetContext } from './generation.context.js';
import { CoverLetterTone } from './generation.inputs.js';
import { LETTER_TEMPLATES, templateCoverLetter } from './generation.service.js';

const resume: ResumeContext = {
  resumeId: '00000000-0000-4000-8000-000000000001',
  ownerId: '00000000-0000-4000-8000-000000000002',
  markdown: `# Ada Byron

## Experience

### Senior Backend Engineer · Acme
2017-01 – present
- Built Node.js services in TypeScript on PostgreSQL

## Skills

- TypeScript, Node.js, PostgreSQL
`,
  skills: ['TypeScript', 'Node.js', 'PostgreSQL'],
  titles: ['Senior Backend Engineer'],
};
const target: TargetContext = {
  title: 'Staff Backend Engineer',
  company: 'Initech',
  requiredSkills: ['typescript', 'kubernetes'],
  preferredSkills: [],
  description: '',
};
const tones = Object.values(CoverLetterTone);

describe('local cover letter templates', () => {
  it.each([
    ['de', 'Sehr geehrtes Initech-Team,', 'Zuletzt war ich als Senior Backend Engineer bei Acme tätig.'],
    ['fr', 'Chère équipe de recrutement de Initech,', 'chez Acme'],
    [
      'es',
      'Estimado equipo de selección de Initech:',
      'Recientemente he trabajado como Senior Backend Engineer en Acme.',
    ],
    ['en', 'Dear Initech hiring team,', 'Most recently I have worked as Senior Backend Engineer at Acme.'],
  ])('writes %s from the resume’s facts in every tone', (language, greeting, latest) => {
    const letters = tones.map((tone) => templateCoverLetter(resume, target, tone, language));
    for (const letter of letters) {
      expect(letter.startsWith(greeting)).toBe(true);
      expect(letter).toContain(latest);
      expect(letter).toContain('TypeScript');
      expect(letter).not.toMatch(/Kubernetes/);
      // The local letter passes the same check a model's draft does: nothing would be removed.
      expect(
        findClaimViolations(letter, resumeFactsFromText(resume.markdown), {
          names: [target.company, target.title],
          language,
        }),
      ).toEqual([]);
    }
    // Each tone has its own opening and closing.
    expect(new Set(letters).size).toBe(tones.length);
  });

  it('falls back to English for a language without templates, and reads regional codes', () => {
    const english = templateCoverLetter(resume, target, CoverLetterTone.PROFESSIONAL, 'en');
    expect(templateCoverLetter(resume, target, CoverLetterTone.PROFESSIONAL, 'it')).toBe(english);
    expect(templateCoverLetter(resume, target, CoverLetterTone.PROFESSIONAL, 'de-AT')).toContain(
      LETTER_TEMPLATES.de.closings.PROFESSIONAL,
    );
  });

  it('writes for a target without a company', () => {
    const letter = templateCoverLetter(resume, { ...target, company: null }, CoverLetterTone.FRIENDLY, 'es');
    expect(letter).toContain('Me encantaría unirme a su equipo como Staff Backend Engineer.');
  });
});
