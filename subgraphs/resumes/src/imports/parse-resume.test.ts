import { parseResume } from './parse-resume.js';

describe('parseResume', () => {
  it('reads plain-text resumes with varied headings, header orders and date formats', () => {
    const resume = parseResume(
      [
        'Maria Garcia',
        'Marketing Manager',
        'maria.garcia@example.com • (415) 555-0199 • Austin, TX • linkedin.com/in/mariagarcia',
        '',
        'PROFESSIONAL EXPERIENCE',
        'Marketing Manager, HubSpot Inc — Mar 2019 - Present',
        '- Grew organic traffic by 40%.',
        'Acme Corp — Content Strategist',
        '01/2016 - 02/2019',
        '• Wrote the brand style guide.',
        'Globex',
        'Marketing Intern',
        'Sep. 2015 to Dec. 2015',
        '',
        'Education',
        'Bachelor of Arts in Communications, University of Texas at Austin, 2015',
        '',
        'Core Competencies',
        'SEO; Google Analytics; Copywriting',
      ].join('\n'),
    );
    expect(resume.basics).toMatchObject({
      name: 'Maria Garcia',
      label: 'Marketing Manager',
      email: 'maria.garcia@example.com',
      phone: '(415) 555-0199',
      location: { city: 'Austin', region: 'TX' },
    });
    expect(resume.basics.profiles).toEqual([
      { network: 'LinkedIn', username: 'mariagarcia', url: 'https://linkedin.com/in/mariagarcia' },
    ]);
    expect(
      resume.work.map(({ name, position, startDate, endDate, current }) => ({
        name,
        position,
        startDate,
        endDate,
        current,
      })),
    ).toEqual([
      {
        name: 'HubSpot Inc',
        position: 'Marketing Manager',
        startDate: '2019-03',
        endDate: undefined,
        current: true,
      },
      {
        name: 'Acme Corp',
        position: 'Content Strategist',
        startDate: '2016-01',
        endDate: '2019-02',
        current: undefined,
      },
      {
        name: 'Globex',
        position: 'Marketing Intern',
        startDate: '2015-09',
        endDate: '2015-12',
        current: undefined,
      },
    ]);
    expect(resume.work[0].highlights).toEqual(['Grew organic traffic by 40%.']);
    expect(resume.education[0]).toMatchObject({
      studyType: 'Bachelor of Arts',
      area: 'Communications',
      endDate: '2015',
    });
    expect(resume.skillNames).toEqual(['SEO', 'Google Analytics', 'Copywriting']);
  });
});
