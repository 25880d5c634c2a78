import { truthFromJsonResume, truthFromRenderCvYaml, type ResumeTruth } from './resume-truth.js';
import { combineScores, normaliseText, scoreImport, type ParsedLike } from './score.js';

const truth: ResumeTruth = {
  name: 'José Núñez',
  email: 'jose@example.com',
  phone: '(909) 555-5555',
  work: [
    { organisation: 'Acme & Sons', position: 'Senior Engineer', startYear: '2020' },
    { organisation: 'Globex', position: 'Engineer', startYear: '2016' },
  ],
  volunteer: [{ organisation: 'Food Bank', position: 'Driver', startYear: '2019' }],
  education: [{ institution: 'MIT', area: 'Computer Science' }],
  skills: ['Go', 'PostgreSQL', 'C++'],
};

const perfect: ParsedLike = {
  basics: { name: 'jose nunez', email: 'JOSE@example.com', phone: '+1 909\u2011555\u00ad5555' },
  work: [
    { name: 'ACME and Sons', position: 'Senior  Engineer', startDate: '2020-03' },
    { name: 'Globex', position: 'Engineer', startDate: '2016' },
  ],
  volunteer: [{ organization: 'Food Bank', position: 'Driver', startDate: 'Jun 2019' }],
  education: [{ institution: 'MIT', area: 'Computer Science' }],
  skillNames: ['go', 'PostgreSQL', 'c++'],
};

describe('scoreImport', () => {
  it('scores a parse equal up to case, accents, dashes and "&" as perfect', () => {
    const score = scoreImport(truth, perfect);
    expect(score.recall).toBe(1);
    expect(score.precision).toBe(1);
    expect(score.fields['work.organisation']).toEqual({ expected: 2, predicted: 2, correct: 2 });
    expect(score.fields.skills).toEqual({ expected: 3, predicted: 3, correct: 3 });
  });

  it('counts a missing field against recall and a wrong one against both', () => {
    const score = scoreImport(truth, {
      ...perfect,
      basics: { name: 'Jose Nunez', email: 'other@example.com' },
      work: [{ name: 'Acme & Sons', position: 'Engineer', startDate: '2021' }],
    });
    expect(score.fields.phone).toEqual({ expected: 1, predicted: 0, correct: 0 });
    expect(score.fields.email).toEqual({ expected: 1, predicted: 1, correct: 0 });
    // Paired by organisation: its position and year are wrong; Globex was never found.
    expect(score.fields['work.organisation']).toEqual({ expected: 2, predicted: 1, correct: 1 });
    expect(score.fields['work.position']).toEqual({ expected: 2, predicted: 1, correct: 0 });
    expect(score.fields['work.startYear']).toEqual({ expected: 2, predicted: 1, correct: 0 });
    expect(score.recall).toBeLessThan(1);
    expect(score.precision).toBeLessThan(1);
  });

  it('does not pair an entry whose company and position are swapped, and counts extras', () => {
    const score = scoreImport(truth, {
      ...perfect,
      work: [
        { name: 'Senior Engineer', position: 'Acme & Sons', startDate: '2020' },
        { name: 'Globex', position: 'Engineer', startDate: '2016' },
        { name: 'of daily active users', startDate: '2016' },
      ],
    });
    expect(score.fields['work.organisation']).toEqual({ expected: 2, predicted: 3, correct: 1 });
    expect(score.fields['work.startYear']).toEqual({ expected: 2, predicted: 3, correct: 1 });
  });

  it('finds volunteering filed under work, but not a dropped section', () => {
    const asWork = scoreImport(truth, {
      ...perfect,
      work: [...perfect.work!, { name: 'Food Bank', position: 'Driver', startDate: '2019' }],
      volunteer: [],
    });
    expect(asWork.fields['volunteer.organisation'].correct).toBe(1);
    const dropped = scoreImport(truth, { ...perfect, volunteer: undefined });
    expect(dropped.fields['volunteer.organisation']).toEqual({ expected: 1, predicted: 0, correct: 0 });
  });

  it('does not accept a phone sharing only a few digits, nor an empty name', () => {
    const score = scoreImport(truth, { ...perfect, basics: { name: '', phone: '5555' } });
    expect(score.fields.phone.correct).toBe(0);
    expect(score.fields.name).toEqual({ expected: 1, predicted: 0, correct: 0 });
  });

  it('scores an empty parse (a FAILED import) as zero recall', () => {
    expect(scoreImport(truth, {}).recall).toBe(0);
  });

  it('averages files equally', () => {
    const combined = combineScores([scoreImport(truth, perfect), scoreImport(truth, {})]);
    expect(combined.recall).toBe(0.5);
    expect(combined.fields.skills).toEqual({ expected: 6, predicted: 3, correct: 3 });
  });
});

describe('normaliseText', () => {
  it('ignores case, accents, punctuation, soft hyphens and unicode dashes', () => {
    expect(normaliseText('Boğaziçi  Univer\u00adsity – CS')).toBe(normaliseText('bogazici university - cs'));
    expect(normaliseText('R&D')).toBe('r and d');
    expect(normaliseText('Go')).not.toBe(normaliseText('Google'));
  });
});

describe('truth', () => {
  it('reads a RenderCV YAML: experience, education, one-line skills, markdown stripped', () => {
    const yaml = `cv:
  name: '**Ada** Lovelace'
  email: ada@example.com
  phone: tel:+44-20-7946-0000
  sections:
    experience:
      - company: '[Analytical Engines](https://example.com)'
        position: Programmer
        start_date: 1842-09
        end_date: present
    leadership_and_activities:
      - company: Royal Society
        position: Member
        date: '1840'
    education:
      - institution: University of London
        area: Mathematics
        degree: BS
    skills:
      - label: Languages
        details: Note G, Bernoulli numbers
    projects:
      - name: Ignored
`;
    expect(truthFromRenderCvYaml(yaml)).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: 'tel:+44-20-7946-0000',
      work: [{ organisation: 'Analytical Engines', position: 'Programmer', startYear: '1842' }],
      volunteer: [{ organisation: 'Royal Society', position: 'Member', startYear: '1840' }],
      education: [{ institution: 'University of London', area: 'Mathematics' }],
      skills: ['Note G', 'Bernoulli numbers'],
    });
  });

  it('reads a JSON Resume: keywords are the skills, a group without keywords is one', () => {
    expect(
      truthFromJsonResume({
        basics: { name: 'A B', email: 'a@b.c', phone: '' },
        work: [{ name: 'X', position: 'Y', startDate: '2019-04-01' }],
        volunteer: [{ organization: 'Z', position: 'W' }],
        education: [{ institution: 'U', area: 'Art' }],
        skills: [{ name: 'Web', keywords: ['HTML', 'CSS'] }, { name: 'Welding' }],
      }),
    ).toEqual({
      name: 'A B',
      email: 'a@b.c',
      phone: undefined,
      work: [{ organisation: 'X', position: 'Y', startYear: '2019' }],
      volunteer: [{ organisation: 'Z', position: 'W', startYear: undefined }],
      education: [{ institution: 'U', area: 'Art' }],
      skills: ['HTML', 'CSS', 'Welding'],
    });
  });
});
