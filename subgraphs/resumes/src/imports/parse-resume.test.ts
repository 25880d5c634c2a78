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

describe('parseResume on layouts real resumes use', () => {
  it('starts an entry at a bulleted company line, keeps Activities and Projects, reads labelled phones', () => {
    const resume = parseResume(
      [
        '# Sam Rivera',
        'Mobile: +1-123-456-7890 | sam@example.com',
        '',
        '## Experience',
        '- Google | Mountain View, CA',
        'Software Engineer | Jan 2019 - Present',
        '- Built the ads ranking service',
        'used by 2B people.',
        '• Meta | Menlo Park, CA',
        'Data Analyst | 2016 - 2018',
        '- Wrote dashboards.',
        '',
        '## Activities',
        'Habitat for Humanity | Volunteer | 2015 - 2017',
        '- Built 12 houses.',
        '',
        '## Projects',
        'Ranky | learning-to-rank toolkit',
        '- 1,000 GitHub stars.',
        '',
        '## Interests',
        'Chess, Cycling',
      ].join('\n'),
    );
    expect(resume.basics.phone).toBe('+1-123-456-7890');
    expect(resume.basics.label).toBeUndefined();
    expect(resume.work.map((w) => [w.name, w.position, w.startDate])).toEqual([
      ['Google', 'Software Engineer', '2019-01'],
      ['Meta', 'Data Analyst', '2016'],
    ]);
    expect(resume.work[0].highlights).toEqual(['Built the ads ranking service used by 2B people.']);
    expect(resume.volunteer).toMatchObject([
      { organization: 'Habitat for Humanity', position: 'Volunteer', startDate: '2015' },
    ]);
    expect(resume.projects).toMatchObject([{ name: 'Ranky', highlights: ['1,000 GitHub stars.'] }]);
    expect(resume.interests.map((i) => i.name)).toEqual(['Chess', 'Cycling']);
  });

  it('normalises phones written with soft hyphens and Unicode dashes', () => {
    const resume = parseResume('# Ana Ruiz\n(909) 555-\u00ad\u20105555 · ana@example.com\n');
    expect(resume.basics.phone).toBe('(909) 555-5555');
    expect(parseResume('# Ana Ruiz\nPhone: +44\u00a020\u20117946\u20110958\n').basics.phone).toBe(
      '+44 20 7946 0958',
    );
    // A British number written without a country code.
    expect(parseResume('# Olivia Grant\nManchester, GB | 07700 900461\n').basics.phone).toBe('07700 900461');
  });
});

describe('parseResume contact details broken by layout', () => {
  it('joins an email address split at the end of its domain', () => {
    expect(parseResume('# Olivia Grant\nolivia.grant.rn@outlook.\ncom\n').basics.email).toBe(
      'olivia.grant.rn@outlook.com',
    );
    expect(parseResume('# Marcus Chen\nmarcus@fastmail.c om | +1 206 555 0132\n').basics.email).toBe(
      'marcus@fastmail.com',
    );
  });
  it('keeps "Company / City / dates" blocks with the title under them, and plain lines under Highlights as highlights', () => {
    const resume = parseResume(
      [
        '## Work Experience',
        '',
        '**Royal Infirmary**',
        '**Manchester**',
        'April 2020 – Present',
        '',
        '**Senior Staff Nurse, Intensive Care Unit**',
        '',
        '## Highlights',
        '',
        'Nurse in charge for night shifts',
        '',
        'Practice assessor for student nurses',
        '',
        '**Brightwave Analytics**',
        '**Portland, OR**',
        'June 2015 – December 2017',
        '',
        '**Junior Developer**',
        '',
        '## Highlights',
        '',
        '- Maintained reporting dashboards',
        'Northwind Logistics',
        'January 2012 – May 2015',
        'Software Engineer',
      ].join('\n'),
    );
    expect(resume.work.map(({ name, position, highlights }) => ({ name, position, highlights }))).toEqual([
      {
        name: 'Royal Infirmary',
        position: 'Senior Staff Nurse',
        highlights: ['Nurse in charge for night shifts', 'Practice assessor for student nurses'],
      },
      {
        name: 'Brightwave Analytics',
        position: 'Junior Developer',
        highlights: ['Maintained reporting dashboards'],
      },
      { name: 'Northwind Logistics', position: 'Software Engineer', highlights: [] },
    ]);
  });
  it('splits a heading that runs the name into the title', () => {
    const resume = parseResume(
      ['# Olivia Grant Registered Nurse', 'olivia@example.com', '', '## Skills', 'Triage'].join('\n'),
    );
    expect(resume.basics).toMatchObject({ name: 'Olivia Grant', label: 'Registered Nurse' });
    expect(parseResume('# Mary Anne de Vries\nmary@example.com').basics.name).toBe('Mary Anne de Vries');
  });
  it('reads skill groups labelled above their items, without the labels or levels as skills', () => {
    const resume = parseResume(
      [
        '# Marcus Chen',
        'marcus@example.com',
        '',
        // A sidebar's groups with no Skills heading: "Languages" over programming languages.
        '## Languages',
        '**Expert**',
        'Go | Python | SQL',
        '',
        '## Data',
        '**Advanced**',
        'PostgreSQL | Kafka',
        '',
        '## Infrastructure',
        'Kubernetes · AWS',
        '',
        '## Languages',
        '### German',
        'Native speaker',
        '',
        '## Experience',
        'Acme Corp | Engineer | 2020 – Present',
      ].join('\n'),
    );
    expect(resume.skillNames).toEqual(['Go', 'Python', 'SQL', 'PostgreSQL', 'Kafka', 'Kubernetes', 'AWS']);
    expect(resume.languages[0]).toMatchObject({ language: 'German' });
    const grouped = parseResume(
      [
        '# Dana',
        'dana@example.com',
        '',
        '## Skills',
        '**Data**',
        'dbt',
        'Snowflake',
        '**Teaching**',
        'Mentoring',
      ].join('\n'),
    );
    expect(grouped.skills).toEqual([
      { name: 'Data', keywords: ['dbt', 'Snowflake'] },
      { name: 'Teaching', keywords: ['Mentoring'] },
    ]);
  });
  it('reads a skill group label that carries a level, but keeps a list of skills with levels', () => {
    const skillsOf = (lines: string[]) =>
      parseResume(['# Dana', 'dana@example.com', '', '## Skills', ...lines].join('\n')).skillNames;
    expect(skillsOf(['Languages Expert', 'Go, Python', 'Data Advanced', 'PostgreSQL'])).toEqual([
      'Go',
      'Python',
      'PostgreSQL',
    ]);
    expect(skillsOf(['Python Advanced', 'Go Intermediate'])).toHaveLength(2);
  });
  it('reads entries whose header, dates and highlights are all list items', () => {
    const resume = parseResume(
      [
        '# Camila Duarte',
        'hello@example.com',
        '',
        '## Volunteer Work',
        '- Volunteer Designer, Austin Pets Alive!',
        '- Mar, 2021 - Present',
        '- Posters and adoption-event campaigns.',
      ].join('\n'),
    );
    expect(resume.volunteer).toMatchObject([
      { organization: 'Austin Pets Alive!', position: 'Volunteer Designer', startDate: '2021-03' },
    ]);
  });
});
