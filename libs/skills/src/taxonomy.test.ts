import {
  allSkills,
  disciplineAffinity,
  disciplineOf,
  extractSkillIds,
  extractSkills,
  getSkill,
  impliedSkills,
  normalizeSkill,
  relatedness,
  skillsInDiscipline,
  TAXONOMY_VERSION,
  taxonomyFingerprint,
} from './taxonomy.js';

const ids = (text: string) => extractSkillIds(text);
const mentionIds = (text: string) => extractSkills(text).map((mention) => mention.skillId);

describe('normalizeSkill', () => {
  it.each([
    ['JS', 'javascript'],
    ['JavaScript', 'javascript'],
    ['ECMAScript', 'javascript'],
    ['k8s', 'kubernetes'],
    ['Kubernetes', 'kubernetes'],
    ['Postgres', 'postgresql'],
    ['PostgreSQL', 'postgresql'],
    ['GCP', 'gcp'],
    ['Google Cloud Platform', 'gcp'],
    ['google-cloud-platform', 'gcp'],
    ['AWS', 'aws'],
    ['Amazon Web Services', 'aws'],
    ['.NET', 'dotnet'],
    ['dotnet', 'dotnet'],
    ['C#', 'csharp'],
    ['csharp', 'csharp'],
    ['C++', 'cpp'],
    ['cpp', 'cpp'],
    ['C', 'c'],
    ['c', 'c'],
    ['R', 'r'],
    ['Node.js', 'nodejs'],
    ['NodeJS', 'nodejs'],
    ['node', 'nodejs'],
    ['React', 'react'],
    ['React.js', 'react'],
    ['ReactJS', 'react'],
    ['Vue.js', 'vue'],
    ['CI/CD', 'ci-cd'],
    ['CI / CD', 'ci-cd'],
    ['go', 'go'],
    ['Golang', 'go'],
    ['machine learning', 'machine-learning'],
    ['Machine-Learning', 'machine-learning'],
    ['ML', 'machine-learning'],
    ['AI', 'artificial-intelligence'],
    ['Objective-C', 'objective-c'],
    ['T-SQL', 'tsql'],
    ['PL/SQL', 'plsql'],
    ['VB.NET', 'vbnet'],
    ['F#', 'fsharp'],
    ['Spring Boot', 'spring-boot'],
    ['Salesforce', 'salesforce'],
    ['QuickBooks Online', 'quickbooks'],
    ['Basic Life Support', 'bls'],
    ['Figma', 'figma'],
    ['Google Ads', 'google-ads'],
    ['  python  ', 'python'],
    ['Python 3.11', 'python'],
    ['Advanced Excel', 'excel'],
    ['strong communication skills', 'communication'],
  ])('%s → %s', (name, id) => {
    expect(normalizeSkill(name)?.id).toBe(id);
  });

  it('returns undefined for unknown or ambiguous names', () => {
    expect(normalizeSkill('')).toBeUndefined();
    expect(normalizeSkill('underwater basket weaving')).toBeUndefined();
    expect(normalizeSkill('React, Django')).toBeUndefined();
  });
});

describe('extractSkills boundaries', () => {
  it('never matches inside words', () => {
    expect(ids('We maintain good code and go on.')).toEqual([]);
    expect(ids('Javanese cuisine, nodes, reactor, Rustic, cargo')).toEqual([]);
    expect(ids('Reacting quickly, expressive, springs')).toEqual([]);
    expect(ids('AI')).toEqual(['artificial-intelligence']);
    expect(ids('said ai')).toEqual([]); // lowercase "ai" is not the acronym
  });

  it('tells Go the language from the verb', () => {
    expect(ids('Services in Go and Rust')).toEqual(['go', 'rust']);
    expect(ids('Golang microservices')).toEqual(['go', 'microservices']);
    expect(ids('golang')).toEqual(['go']);
    expect(ids('Go, Python, Kotlin')).toEqual(['go', 'python', 'kotlin']);
    expect(ids('Skills: go, python')).toEqual(['go', 'python']);
    expect(ids('Go developer wanted')).toEqual(['go']);
    expect(ids('Go above and beyond for customers')).toEqual([]);
    expect(ids('your go-to person')).toEqual([]);
    expect(ids('our Go-to-market plan')).toEqual(['go-to-market']);
    expect(ids('ready to go')).toEqual([]);
    expect(ids("let's go, team")).toEqual([]);
  });

  it('keeps C, C#, C++ and Objective-C apart', () => {
    expect(extractSkills('C, C++, C# and Objective-C').map((m) => [m.skillId, m.text])).toEqual([
      ['c', 'C'],
      ['cpp', 'C++'],
      ['csharp', 'C#'],
      ['objective-c', 'Objective-C'],
    ]);
    expect(ids('C/C++')).toEqual(['c', 'cpp']);
    expect(ids('C#.NET')).toEqual(['csharp']);
    expect(ids('Series C startup, C-level executives, vitamin C, grade C, c-suite')).toEqual([]);
    expect(ids('embedded software in C.')).toContain('c');
    expect(ids('written in c')).toEqual([]); // lowercase c is not the language in prose
  });

  it('finds R only as the language', () => {
    expect(ids('Python and R.')).toEqual(['python', 'r']);
    expect(ids('R, SAS, Stata')).toEqual(['r', 'sas', 'stata']);
    expect(ids('statistics in R language')).toEqual(['statistics', 'r']);
    expect(ids('R&D budget, John R. Smith, r/programming, Series R')).toEqual([]);
    expect(ids('RStudio')).toEqual(['r']);
  });

  it('matches .NET, ASP.NET and dotnet without catching domains', () => {
    expect(mentionIds('.NET Core, ASP.NET MVC, dotnet')).toEqual(['dotnet', 'aspnet', 'dotnet']);
    expect(ids('Visit example.net for more')).toEqual([]);
    expect(ids('mail jane@golang.org or see https://react.dev/learn and github.com/golang/go')).toEqual([]);
  });

  it('matches Node.js, React and Vue in their spellings', () => {
    expect(ids('Node.js')).toEqual(['nodejs']);
    expect(ids('NodeJS')).toEqual(['nodejs']);
    expect(ids('Node JS')).toEqual(['nodejs']);
    expect(ids('APIs built with Node and Express')).toEqual(['nodejs', 'express']);
    expect(ids('each node in the graph')).toEqual([]);
    expect(mentionIds('React.js, ReactJS, React')).toEqual(['react', 'react', 'react']);
    expect(ids('Ability to react to change')).toEqual([]);
    expect(ids('React Native apps')).toEqual(['react-native']);
    expect(mentionIds('Vue.js / Vue 3 / VueJS')).toEqual(['vue', 'vue', 'vue']);
    expect(ids('Next.js and Nuxt')).toEqual(['nextjs', 'nuxt']);
    expect(ids('the react.useState hook')).toEqual([]);
  });

  it('matches JavaScript, Kubernetes, Postgres, GCP and AWS aliases', () => {
    expect(ids('JS, JavaScript, ECMAScript, ES6')).toEqual(['javascript']);
    expect(ids('k8s and Kubernetes, K8S')).toEqual(['kubernetes']);
    expect(ids('Postgres or PostgreSQL')).toEqual(['postgresql']);
    expect(ids('GCP, Google Cloud, Google Cloud Platform')).toEqual(['gcp']);
    expect(ids('AWS (Amazon Web Services)')).toEqual(['aws']);
  });

  it('matches multiword phrases across spaces, line breaks and hyphens', () => {
    expect(ids('machine learning, machine-learning, Machine\nLearning')).toEqual(['machine-learning']);
    expect(ids('google   cloud platform')).toEqual(['gcp']);
    expect(ids('CI/CD, CI / CD, CICD, continuous integration')).toEqual(['ci-cd']);
    expect(ids('Test-driven development')).toEqual(['tdd']);
    expect(ids('A/B testing')).toEqual(['ab-testing']);
  });

  it('prefers the longest alias', () => {
    expect(ids('Spring Boot')).toEqual(['spring-boot']);
    expect(ids('Google Cloud Functions')).toEqual(['cloud-functions']);
    expect(ids('Java Script')).toEqual(['java']); // not an alias: two words, only Java
    expect(ids('JavaScript')).toEqual(['javascript']);
    expect(ids('Oracle Cloud and Oracle')).toEqual(['oracle-cloud', 'oracle-database']);
  });

  it('applies case rules to acronyms and everyday words', () => {
    expect(ids('ML models')).toEqual(['machine-learning']);
    expect(ids('10 ml of saline')).toEqual([]);
    expect(ids('PR and media relations')).toEqual(['public-relations']);
    expect(ids('open a PR review')).toEqual([]);
    expect(ids('Advanced Excel and Microsoft Word')).toEqual(['excel', 'ms-office']);
    expect(ids('We excel at customer service')).toEqual(['customer-service']);
    expect(ids('Spring 2021 semester')).toEqual([]);
    expect(ids('Spring, Hibernate')).toEqual(['spring', 'hibernate']);
    expect(ids('Swift response times')).toEqual([]);
    expect(ids('iOS apps in Swift')).toEqual(['ios', 'swift']);
    expect(ids('Rust, Zig')).toEqual(['rust', 'zig']);
    expect(ids('Julia was our manager')).toEqual([]);
    expect(ids('Python, Julia')).toEqual(['python', 'julia']);
    expect(ids('Office location in Phoenix, AZ')).toEqual([]);
    expect(ids('Experience with Epic charting')).toEqual(['epic']);
  });

  it('reports offsets that slice back to the matched text', () => {
    const text = 'Built services with  Node.js,\nPostgreSQL and k8s; CI/CD via GitHub Actions.';
    const mentions = extractSkills(text);
    expect(mentions.map((m) => m.skillId)).toEqual([
      'nodejs',
      'postgresql',
      'kubernetes',
      'ci-cd',
      'github-actions',
    ]);
    for (const mention of mentions) expect(text.slice(mention.start, mention.end)).toBe(mention.text);
    expect(mentions[0]).toEqual({ skillId: 'nodejs', text: 'Node.js', start: 21, end: 28 });
    expect(mentions[4].text).toBe('GitHub Actions');
  });

  it('handles non-ASCII text and empty input', () => {
    expect(extractSkills('')).toEqual([]);
    expect(ids('Entwicklung mit Python und Kubernetes — Müller')).toEqual(['python', 'kubernetes']);
    expect(ids('naïve café')).toEqual([]);
  });
});

describe('non-software disciplines', () => {
  it.each([
    [
      'Registered Nurse (RN) with BLS and ACLS certification; Epic EMR charting, patient care, medication administration',
      ['nursing', 'bls', 'acls', 'epic', 'patient-care', 'medication-administration'],
    ],
    [
      'B2B sales: lead generation, cold calling, Salesforce CRM, HubSpot, closing deals',
      ['b2b-sales', 'lead-generation', 'cold-calling', 'salesforce', 'hubspot', 'sales-negotiation'],
    ],
    [
      'Staff accountant: GAAP and IFRS, bank reconciliations, QuickBooks, month-end close',
      ['accounting', 'gaap', 'ifrs', 'reconciliation', 'quickbooks', 'month-end-close'],
    ],
    [
      'Product designer: Figma, UX research, wireframing, design systems',
      ['product-design', 'figma', 'ux-research', 'wireframing', 'design-systems'],
    ],
    [
      'SEO, SEM, Google Ads, content marketing, email marketing',
      ['seo', 'sem', 'google-ads', 'content-marketing', 'email-marketing'],
    ],
    [
      'Full-cycle recruiting, onboarding, Workday, employee relations',
      ['recruiting', 'onboarding', 'workday', 'employee-relations'],
    ],
    ['Customer support via Zendesk, live chat support, CSAT', ['customer-service', 'zendesk', 'call-center']],
    [
      'Lesson planning, classroom management, special education (IEPs)',
      ['lesson-planning', 'classroom-management', 'special-education'],
    ],
  ])('%s', (text, expected) => {
    expect(new Set(ids(text))).toEqual(new Set(expected));
  });
});

describe('disciplineOf', () => {
  it('finds the dominant discipline of a backend resume', () => {
    const skills = ids(
      'Go, PostgreSQL, Kafka, gRPC, Docker, Kubernetes, AWS, REST APIs, communication, teamwork',
    );
    const shares = disciplineOf(skills);
    expect(shares[0].discipline).toBe('software-engineering');
    expect(shares.reduce((sum, share) => sum + share.share, 0)).toBeCloseTo(1);
    expect(shares.map((share) => share.discipline)).not.toContain('general');
  });

  it('tells sales, nursing and accounting postings from each other', () => {
    expect(disciplineOf(ids('Salesforce, cold calling, B2B sales, pipeline management'))[0]).toEqual({
      discipline: 'sales',
      share: 1,
    });
    expect(disciplineOf(ids('BLS, ACLS, Epic, patient care'))[0].discipline).toBe('healthcare');
    expect(disciplineOf(ids('GAAP, reconciliations, QuickBooks, Excel'))[0].discipline).toBe('finance');
  });

  it('counts a skill once and falls back to general', () => {
    expect(disciplineOf(['python', 'python', 'sales-negotiation'])).toEqual([
      { discipline: 'software-engineering', share: 0.5 },
      { discipline: 'sales', share: 0.5 },
    ]);
    expect(disciplineOf(['communication', 'teamwork'])).toEqual([{ discipline: 'general', share: 1 }]);
    expect(disciplineOf([])).toEqual([]);
    expect(disciplineOf(['no-such-skill'])).toEqual([]);
  });

  it('rates neighbouring disciplines', () => {
    expect(disciplineAffinity('devops', 'devops')).toBe(1);
    expect(disciplineAffinity('software-engineering', 'devops')).toBeGreaterThan(0);
    expect(disciplineAffinity('devops', 'software-engineering')).toBe(
      disciplineAffinity('software-engineering', 'devops'),
    );
    expect(disciplineAffinity('software-engineering', 'healthcare')).toBe(0);
    expect(disciplineAffinity('software-engineering', 'sales')).toBe(0);
  });
});

describe('relations', () => {
  it('scores same, implied, family and unrelated skills', () => {
    expect(relatedness('react', 'react')).toBe(1);
    expect(relatedness('react', 'javascript')).toBe(0.5);
    expect(relatedness('javascript', 'nextjs')).toBe(0.5); // transitive: Next.js → React → JavaScript
    expect(relatedness('kubernetes', 'docker')).toBe(0.5);
    expect(relatedness('postgresql', 'mysql')).toBe(0.5);
    expect(relatedness('acls', 'bls')).toBe(0.5);
    expect(relatedness('react', 'nursing')).toBe(0);
    expect(relatedness('react', 'unknown')).toBe(0);
  });

  it('closes implications transitively', () => {
    expect([...impliedSkills('nextjs')].sort()).toEqual(['javascript', 'react']);
    expect(impliedSkills('spring-boot').has('java')).toBe(true);
    expect(impliedSkills('python').size).toBe(0);
  });
});

describe('catalog', () => {
  it('has skills in every discipline with ids, names and aliases', () => {
    const skills = allSkills();
    expect(skills.length).toBeGreaterThan(400);
    for (const skill of skills) {
      expect(skill.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(skill.aliases.length).toBeGreaterThan(0);
      expect(getSkill(skill.id)).toBe(skill);
    }
    // Every alias resolves back to its own skill.
    const strays = skills.flatMap((skill) =>
      skill.aliases
        .filter((alias) => normalizeSkill(alias)?.id !== skill.id)
        .map((alias) => `${skill.id}: ${alias}`),
    );
    expect(strays).toEqual([]);
    for (const discipline of [
      'healthcare',
      'sales',
      'finance',
      'design',
      'marketing',
      'hr',
      'education',
    ] as const) {
      expect(skillsInDiscipline(discipline).length).toBeGreaterThanOrEqual(8);
    }
  });

  it('takes programming languages from Linguist', () => {
    expect(getSkill('go')).toMatchObject({
      name: 'Go',
      category: 'language',
      discipline: 'software-engineering',
    });
    expect(getSkill('csharp')?.aliases).toContain('csharp');
    expect(getSkill('csharp')?.aliases).not.toContain('cake');
    expect(getSkill('javascript')?.aliases).not.toContain('node');
  });

  it('pins the data to TAXONOMY_VERSION: changing the data means bumping the version', () => {
    expect({ version: TAXONOMY_VERSION, fingerprint: taxonomyFingerprint() }).toEqual({
      version: 1,
      fingerprint: '9052ad95cf5a01b3',
    });
  });
});
