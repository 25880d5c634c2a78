import type { JobProfile, OwnerPreferences, ResumeProfile } from './profiles.js';
import {
  LOCAL_CALIBRATION,
  countryOf,
  licenceStatement,
  mainStackMissing,
  managesPeople,
  offersPartTime,
  prepareJob,
  prepareResume,
  rankMatch,
  roleFamilyAffinity,
  roleFamilyFactor,
  roleFamilyOf,
  statedWorkCountries,
  rescaleCandidateSimilarities,
  rescaleSimilarity,
  type RankOptions,
} from './ranking.js';

const backendResume: ResumeProfile = {
  resumeId: 'r1',
  ownerId: 'o1',
  markdown: '',
  skills: ['TypeScript', 'Node.js', 'PostgreSQL', 'Docker', 'Kubernetes', 'AWS', 'Kafka'],
  titles: ['Senior Backend Engineer', 'Backend Developer'],
  totalYears: 7,
  location: 'Berlin, Germany',
  chunks: [
    { id: 'c-summary', kind: 'summary', text: 'Backend engineer who likes clean APIs.' },
    {
      id: 'c-acme',
      kind: 'experience',
      text: 'Acme (2019–2024): built Node.js services in TypeScript on Postgres; ran them on k8s in AWS.',
    },
    { id: 'c-kafka', kind: 'experience', text: 'Beta GmbH: event pipelines with Kafka and Redis.' },
    {
      id: 'c-skills',
      kind: 'skills',
      text: 'TypeScript, Node.js, PostgreSQL, Docker, Kubernetes, AWS, Kafka',
    },
  ],
};

const job = (overrides: Partial<JobProfile>): JobProfile => ({
  jobId: 'j',
  title: 'Senior Backend Engineer',
  location: 'Berlin',
  remote: 'HYBRID',
  seniority: 'SENIOR',
  yearsMin: 5,
  requiredSkills: ['TypeScript', 'Node.js', 'PostgreSQL'],
  preferredSkills: ['Kubernetes'],
  description:
    'Build and operate the services behind our marketplace: APIs, event pipelines and the data model. ' +
    'You will own services end to end with a small team.',
  ...overrides,
});

const resume = prepareResume(backendResume);
const rank = (posting: Partial<JobProfile>, options: Partial<RankOptions> = {}) =>
  rankMatch(resume, prepareJob(job(posting)), { semantic: 0.6, now: new Date('2026-01-01'), ...options });

describe('rankMatch', () => {
  it('scores a fitting posting STRONG with every requirement matched', () => {
    const match = rank({});
    expect(match.verdict).toBe('STRONG');
    expect(match.score).toBeGreaterThanOrEqual(80);
    expect(match.matchedSkills).toEqual(['typescript', 'nodejs', 'postgresql', 'kubernetes']);
    expect(match.missingSkills).toEqual([]);
  });

  it('normalizes skill aliases on both sides', () => {
    const match = rank({ requiredSkills: ['TS', 'node', 'Postgres'], preferredSkills: ['k8s'] });
    expect(match.matchedSkills).toEqual(['typescript', 'nodejs', 'postgresql', 'kubernetes']);
  });

  it('weighs required skills above preferred ones and names what is missing', () => {
    const missingRequired = rank({
      requiredSkills: ['TypeScript', 'Rust', 'Scala'],
      preferredSkills: ['Kubernetes'],
    });
    const missingPreferred = rank({
      requiredSkills: ['TypeScript', 'Kubernetes'],
      preferredSkills: ['Rust', 'Scala'],
    });
    expect(missingRequired.score).toBeLessThan(missingPreferred.score - 10);
    expect(missingRequired.missingSkills).toEqual(['rust', 'scala']);
    expect(missingRequired.recommendation).toMatch(/Add, if you have it: rust, scala \(required\)/);
  });

  it('gives implied skills credit (Node.js proves JavaScript)', () => {
    const match = rank({ requiredSkills: ['JavaScript', 'TypeScript'] });
    expect(match.matchedSkills).toContain('javascript');
    // Evidence for the implied skill points at the chunk naming the skill that proves it.
    expect(match.evidence.find((proof) => proof.skill === 'javascript')?.chunkId).toBe('c-acme');
  });

  it('points evidence at the experience chunk that names the skill, alias included', () => {
    const match = rank({ requiredSkills: ['Kubernetes', 'Kafka'] });
    const kubernetes = match.evidence.find((proof) => proof.skill === 'kubernetes')!;
    expect(kubernetes.chunkId).toBe('c-acme');
    expect(kubernetes.quote).toBe('k8s');
    expect(kubernetes.text.slice(kubernetes.start, kubernetes.end)).toBe('k8s');
    expect(match.evidence.find((proof) => proof.skill === 'kafka')?.chunkId).toBe('c-kafka');
  });

  it('fits seniority: a senior resume fits a senior role better than an intern or a director role', () => {
    const senior = rank({});
    const intern = rank({ title: 'Backend Engineering Intern', seniority: 'INTERN', yearsMin: 0 });
    const director = rank({ title: 'Director of Backend Engineering', seniority: 'EXECUTIVE', yearsMin: 12 });
    expect(senior.score).toBeGreaterThan(intern.score + 10);
    expect(senior.score).toBeGreaterThan(director.score + 10);
    expect(director.recommendation).toMatch(/12\+ years/);
  });

  it('keeps a backend resume away from sales and nursing postings, however similar the text', () => {
    const sales = rank(
      {
        title: 'Account Executive',
        seniority: 'SENIOR',
        requiredSkills: ['Salesforce', 'cold calling', 'account management'],
        preferredSkills: [],
      },
      { semantic: 0.9 },
    );
    const nursing = rank(
      { title: 'Registered Nurse', requiredSkills: ['nursing', 'patient care', 'BLS'], preferredSkills: [] },
      { semantic: 0.9 },
    );
    for (const match of [sales, nursing]) {
      expect(match.verdict).toBe('WEAK');
      expect(match.score).toBeLessThan(25);
    }
    expect(sales.recommendation).toMatch(/sales role; your resume reads as software engineering/);
  });

  it('aligns seniority when the skills are identical: senior above junior above intern', () => {
    const senior = rank({});
    const junior = rank({ title: 'Junior Backend Developer', seniority: 'JUNIOR', yearsMin: 0 });
    const intern = rank({ title: 'Backend Intern', seniority: 'INTERN', yearsMin: null });
    expect(senior.score).toBeGreaterThan(junior.score + 12);
    expect(junior.score).toBeGreaterThan(intern.score);
    expect(junior.signals.seniorityGap).toBe(-2);
    expect(intern.signals.seniorityGap).toBe(-3);
    expect(junior.verdict).not.toBe('STRONG');
  });

  it('aligns the role family: same stack, other trade ranks far below; a neighbouring title stays close', () => {
    const software = rank({ title: 'Software Engineer, API Platform', seniority: 'SENIOR' });
    const salesEngineer = rank({ title: 'Senior Sales Engineer', seniority: 'SENIOR' });
    const frontend = rank({ title: 'Senior Frontend Engineer', seniority: 'SENIOR' });
    expect(software.signals).toMatchObject({ resumeRoleFamily: 'backend', jobRoleFamily: 'software' });
    expect(software.components.roleFamily).toBeGreaterThan(0.8);
    expect(salesEngineer.components.roleFamily).toBeLessThan(0.2);
    expect(software.score).toBeGreaterThan(salesEngineer.score + 20);
    expect(software.score).toBeGreaterThan(frontend.score);
    expect(frontend.score).toBeGreaterThan(salesEngineer.score);
  });

  it('reads the role family of real-world titles', () => {
    const family = (title: string) => roleFamilyOf(title)?.family ?? null;
    expect(family('Software Engineer II, Backend (Payments)')).toBe('backend');
    expect(family('Sr. Full Stack Developer - React/Node')).toBe('full-stack');
    expect(family('Staff Software Engineer')).toBe('software');
    expect(family('Site Reliability Engineer')).toBe('devops');
    expect(family('Senior Sales Engineer, API Platform')).toBe('sales-engineering');
    expect(family('Mechanical Engineer')).toBe('other-engineering');
    expect(family('Technical Support Engineer')).toBe('support');
    expect(family('Financial Analyst')).toBe('finance');
    expect(family('Registered Nurse (RN) - ICU')).toBe('nursing');
    expect(family('Pharmacy Technician')).toBe('allied-health');
    expect(family('Security Guard')).toBe('security-guard');
    expect(family('Chief of Staff')).toBeNull();
  });

  it('takes the role from the head of the title, not the product or specialty a dash names', () => {
    const family = (title: string) => roleFamilyOf(title)?.family ?? null;
    expect(family('Enterprise Account Executive - Observability Platform')).toBe('sales');
    expect(family('Technical Recruiter - DevOps & Cloud')).toBe('recruiting');
    expect(family('Technical Writer - API Documentation')).toBe('technical-writing');
    expect(family('Senior Software Engineer - Nurse Scheduling Platform')).toBe('software');
    // The head names no family: the whole title still decides.
    expect(family('Senior II - Backend Platform')).toBe('backend');
    expect(family('Certified Nursing Assistant (CNA) - Cardiac Step-Down')).toBe('nursing-support');
    expect(family('LPN - Rehab (Days)')).toBe('nursing-support');
    expect(family('Veterinary Technician - Surgery')).toBe('veterinary');
    expect(family('Data Entry Clerk')).toBe('administrative');
    expect(family('Drupal Developer')).toBe('web-cms');
    expect(family('Cloud Operations Engineer')).toBe('devops');
    expect(family('Build & Release Engineer')).toBe('devops');
    expect(family('Application Security Engineer')).toBe('security');
    expect(family('Solutions Architect, Partner Team')).toBe('sales-engineering');
  });

  it('keeps specialties of one trade apart, by degree: another trade < another specialty < a neighbour', () => {
    const of = (title: string) => roleFamilyOf(title)!;
    const nurse = of('Registered Nurse');
    expect(roleFamilyAffinity(nurse, of('Patient Care Technician'))).toBeLessThan(0.2);
    expect(roleFamilyAffinity(of('Full Stack Engineer'), of('DevOps Engineer'))).toBeLessThan(0.3);
    expect(roleFamilyAffinity(of('Full Stack Engineer'), of('Backend Engineer'))).toBeGreaterThan(0.6);
    expect(roleFamilyFactor(0.05)).toBe(0.65);
    expect(roleFamilyFactor(0.3)).toBeGreaterThan(0.75);
    expect(roleFamilyFactor(0.3)).toBeLessThan(0.85);
    expect(roleFamilyFactor(0.6)).toBeCloseTo(1, 6);
    expect(roleFamilyFactor(1)).toBe(1);
  });

  it('lets older titles count only in the same line of work as the latest one', () => {
    const nurse = prepareResume({
      ...backendResume,
      skills: [],
      titles: ['Registered Nurse, ICU', 'Patient Care Technician'],
    });
    const pct = rankMatch(nurse, prepareJob(job({ title: 'Patient Care Technician - ICU' })), {
      semantic: 0.6,
    });
    expect(pct.components.roleFamily).toBeLessThan(0.2);
    // An older backend title still helps a senior backend engineer who now leads.
    const lead = prepareResume({ ...backendResume, titles: ['Staff Engineer', 'Backend Developer'] });
    const backend = rankMatch(lead, prepareJob(job({ title: 'Senior Backend Engineer' })), { semantic: 0.6 });
    expect(backend.components.roleFamily).toBeCloseTo(0.85, 2);
  });

  it('reads state licences and a multistate (compact) licence from postings and resumes', () => {
    expect(licenceStatement('- Active Ohio RN license (compact accepted)\n- BLS')).toEqual({
      states: ['Ohio'],
      multistate: true,
    });
    expect(
      licenceStatement(
        '- Active California RN license required (California does not participate in the Nurse Licensure Compact)',
      ),
    ).toEqual({ states: ['California'], multistate: false });
    expect(licenceStatement("Valid driver's license in Texas")).toBeNull();
    expect(licenceStatement('Active RN license required')).toBeNull();
    expect(licenceStatement('<li>Licensed Professional Engineer in New York or New Jersey</li>')).toEqual({
      states: ['New York', 'New Jersey'],
      multistate: false,
    });
  });

  it('reads the countries a posting demands the right to work or live in', () => {
    expect(countryOf('Denver, Colorado, US')).toBe('US');
    expect(countryOf('Berlin')).toBeNull();
    expect(statedWorkCountries('You must have the right to work in the UK; we cannot sponsor.')).toEqual([
      'GB',
    ]);
    expect(statedWorkCountries('- **Valid EU work permit required**')).toContain('DE');
    expect(statedWorkCountries('- **Must reside in Latin America** (Mexico, Colombia)')).toContain('MX');
    expect(statedWorkCountries('Applicants must be authorized to work in the United States.')).toEqual([
      'US',
    ]);
    // "us" is a word, and a permit named without a place says nothing.
    expect(
      statedWorkCountries('Join us! We do not sponsor work permits. Eligible to work in teams with us.'),
    ).toEqual([]);
  });

  it('keeps a job in another country, or one demanding the right to work there, out of reach', () => {
    const american = prepareResume({ ...backendResume, location: 'Austin, Texas, US' });
    const at = (posting: Partial<JobProfile>, preferences?: OwnerPreferences) =>
      rankMatch(american, prepareJob(job(posting)), { semantic: 0.6, preferences });
    const home = at({ location: 'Austin, TX, US', remote: 'HYBRID' });
    const abroad = at({ location: 'Berlin, Berlin, DE', remote: 'HYBRID' });
    const remoteUk = at({
      location: 'London, GB',
      remote: 'REMOTE',
      description: 'Remote within the UK. You must have the right to work in the UK.',
    });
    const remoteAnywhere = at({ location: 'London, GB', remote: 'REMOTE' });
    expect(home.components.location).toBe(1);
    expect(abroad.components.location).toBe(0.05);
    expect(remoteUk.components.location).toBe(0.05);
    expect(remoteAnywhere.components.location).toBe(0.5);
    expect(abroad.score).toBeLessThan(home.score - 10);
    // An owner who lists places (a planned move) decides with them instead.
    const moving = at(
      { location: 'Berlin, Berlin, DE', remote: 'HYBRID' },
      {
        locations: ['Berlin'],
        desiredTitles: [],
      },
    );
    expect(moving.components.location).toBe(1);
  });

  it("checks a state licence: held there or compact-accepted is met, another state's is unmet", () => {
    const nurse = prepareResume({
      ...backendResume,
      skills: [],
      titles: ['Registered Nurse'],
      chunks: [
        { id: 'l', kind: 'certificates', text: 'Registered Nurse licence, Ohio (multistate / NLC compact)' },
      ],
    });
    const posting = (description: string) =>
      rankMatch(nurse, prepareJob(job({ title: 'Registered Nurse - ICU', yearsMin: null, description })), {
        semantic: 0.6,
      });
    const home = posting('- Current Ohio RN license');
    const compact = posting('- RN license valid in Pennsylvania (multistate compact license accepted)');
    const elsewhere = posting('- Active California RN license required; compact licenses are not accepted');
    const unsaid = posting('- Active RN license');
    expect(home.qualifications).toEqual([
      { kind: 'LICENCE', requirement: 'Ohio licence', status: 'MET', quote: 'Ohio licence' },
    ]);
    expect(compact.qualifications[0]).toMatchObject({ status: 'MET', quote: 'multistate licence' });
    expect(elsewhere.qualifications[0]).toMatchObject({
      kind: 'LICENCE',
      requirement: 'California licence',
      status: 'UNMET',
      quote: 'Ohio licence',
    });
    expect(unsaid.qualifications).toEqual([]);
    // Another state's licence is a barrier: the blend loses a quarter, the calibrated score follows.
    expect(elsewhere.components.qualifications).toBe(0);
    expect(elsewhere.components.blend).toBeLessThan(home.components.blend * 0.8);
    expect(elsewhere.score).toBeLessThan(home.score);
    expect(elsewhere.recommendation).toMatch(/asks for California licence; your resume shows Ohio licence/);
    // A resume that names no state licence leaves it unverified, not unmet.
    const silent = rankMatch(
      prepareResume({ ...backendResume, chunks: [] }),
      prepareJob(job({ description: '- Texas Professional Engineer license' })),
      { semantic: 0.6 },
    );
    expect(silent.qualifications.find((check) => check.kind === 'LICENCE')).toMatchObject({
      status: 'UNVERIFIED',
    });
  });

  it('checks years, degrees and languages: met from the resume, unmet when it shows less, else unverified', () => {
    const description =
      "Requirements: a Master's degree in Computer Science. Fluent German is required. 5+ years of experience.";
    const unshown = rank({ description });
    expect(unshown.qualifications).toEqual([
      { kind: 'YEARS', requirement: '5+ years', status: 'MET', quote: '7 years' },
      { kind: 'DEGREE', requirement: "Master's degree", status: 'UNVERIFIED' },
      { kind: 'LANGUAGE', requirement: 'German', status: 'UNVERIFIED' },
    ]);
    expect(unshown.recommendation).toMatch(/Unverified: Master's degree, German/);
    expect(unshown.signals.qualificationsUnverified).toBe(2);

    const withEducation = (text: string) =>
      rankMatch(
        prepareResume({
          ...backendResume,
          chunks: [...backendResume.chunks, { id: 'c-edu', kind: 'education', text }],
        }),
        prepareJob(job({ description })),
        { semantic: 0.6, now: new Date('2026-01-01') },
      );
    const master = withEducation('TU Berlin, M.Sc. Computer Science. Languages: German (native), English.');
    expect(master.qualifications.map((check) => check.status)).toEqual(['MET', 'MET', 'MET']);
    const bachelor = withEducation('TU Berlin, B.Sc. Computer Science.');
    expect(bachelor.qualifications[1]).toMatchObject({ status: 'UNMET', quote: 'B.Sc' });
    expect(bachelor.score).toBeLessThan(master.score);
    expect(bachelor.recommendation).toMatch(/asks for Master's degree; your resume shows B\.Sc/);
    // "or equivalent experience" keeps a lower degree from counting against the resume.
    const flexible = rankMatch(
      prepareResume({ ...backendResume, chunks: [{ id: 'e', kind: 'education', text: 'B.Sc. Physics' }] }),
      prepareJob(job({ description: "Master's degree or equivalent experience." })),
      { semantic: 0.6 },
    );
    expect(flexible.qualifications).toEqual([
      { kind: 'YEARS', requirement: '5+ years', status: 'MET', quote: '7 years' },
      { kind: 'DEGREE', requirement: "Master's degree", status: 'UNVERIFIED' },
    ]);
  });

  it('records how the candidate was found among its raw signals', () => {
    const match = rank({}, { retrieval: { vectorRank: 3, lexicalRank: null, fused: 1 / 63 } });
    expect(match.signals).toMatchObject({ vectorRank: 3, lexicalRank: null, semantic: 0.6 });
  });

  it('gives a neighbouring discipline (devops) a middle score', () => {
    const devops = rank({
      title: 'Senior DevOps Engineer',
      requiredSkills: ['Kubernetes', 'Terraform', 'AWS'],
      preferredSkills: ['Prometheus'],
    });
    expect(devops.score).toBeGreaterThan(40);
    expect(devops.score).toBeLessThan(rank({}).score);
  });

  it('follows the owner remote preference', () => {
    const remoteOnly: OwnerPreferences = { remote: 'REMOTE', locations: [], desiredTitles: [] };
    const remote = rank({ remote: 'REMOTE', location: 'Lisbon' }, { preferences: remoteOnly });
    const onsiteElsewhere = rank({ remote: 'ONSITE', location: 'Chicago' }, { preferences: remoteOnly });
    expect(remote.score).toBeGreaterThan(onsiteElsewhere.score + 15);
    const anywhere: OwnerPreferences = { remote: 'ANY', locations: ['Berlin'], desiredTitles: [] };
    expect(rank({ remote: 'ONSITE', location: 'Berlin' }, { preferences: anywhere }).score).toBeGreaterThan(
      rank({ remote: 'ONSITE', location: 'Chicago' }, { preferences: anywhere }).score,
    );
  });

  it('checks salary against the owner floor in the same currency', () => {
    const preferences: OwnerPreferences = {
      locations: [],
      desiredTitles: [],
      salaryMin: 90_000,
      salaryCurrency: 'EUR',
    };
    const paysWell = rank({ salary: { min: 85_000, max: 100_000, currency: 'EUR' } }, { preferences });
    const paysLittle = rank({ salary: { min: 40_000, max: 50_000, currency: 'EUR' } }, { preferences });
    expect(paysWell.score).toBeGreaterThan(paysLittle.score);
    expect(paysLittle.components.salary).toBeLessThan(0.1);
    expect(rank({ salary: { max: 50_000, currency: 'USD' } }, { preferences }).components.salary).toBeNull();
  });

  it('pushes junk postings down', () => {
    const good = rank({});
    const noTitle = rank({ title: '' });
    const empty = rank({ requiredSkills: [], preferredSkills: [], description: 'Apply now' });
    const spam = rank({
      title: 'EARN $500 PER DAY FROM HOME!!!',
      description:
        'No experience needed, earn cash fast. Message us on WhatsApp. TypeScript Node.js PostgreSQL.',
      requiredSkills: ['TypeScript', 'Node.js', 'PostgreSQL'],
    });
    for (const junk of [noTitle, empty, spam]) {
      expect(junk.verdict).toBe('WEAK');
      expect(junk.score).toBeLessThan(good.score / 2);
    }
  });

  it('uses freshness only as a tie-breaker', () => {
    const fresh = rank({ postedAt: new Date('2026-01-01') });
    const old = rank({ postedAt: new Date('2025-06-01') });
    expect(fresh.score - old.score).toBeGreaterThan(0);
    expect(fresh.score - old.score).toBeLessThanOrEqual(0.5);
    // A fresher posting missing a requirement stays below an older complete one.
    expect(
      rank({ postedAt: new Date('2026-01-01'), requiredSkills: ['TypeScript', 'Rust'] }).score,
    ).toBeLessThan(old.score);
  });

  it('asks to show skills only listed, without a role that proves them', () => {
    const listedOnly = prepareResume({ ...backendResume, skills: [...backendResume.skills, 'GraphQL'] });
    const match = rankMatch(
      listedOnly,
      prepareJob(job({ requiredSkills: ['GraphQL'], preferredSkills: [] })),
      { semantic: 0.6 },
    );
    expect(match.matchedSkills).toEqual(['graphql']);
    expect(match.evidence).toEqual([]);
    expect(match.recommendation).toMatch(/Emphasize graphql/);
  });
});

describe('semantic rescaling', () => {
  it('maps the calibrated band onto 0..1', () => {
    expect(rescaleSimilarity(LOCAL_CALIBRATION.floor, LOCAL_CALIBRATION)).toBe(0);
    expect(rescaleSimilarity(LOCAL_CALIBRATION.ceiling + 0.1, LOCAL_CALIBRATION)).toBe(1);
  });

  it('spreads a bunched candidate set without lifting an all-bad one', () => {
    const bunched = rescaleCandidateSimilarities([0.5, 0.51, 0.52, 0.53, 0.54, 0.55], LOCAL_CALIBRATION);
    expect(bunched[5] - bunched[0]).toBeGreaterThan(0.3);
    const allBad = rescaleCandidateSimilarities([0.02, 0.03, 0.04, 0.05, 0.06, 0.07], LOCAL_CALIBRATION);
    expect(Math.max(...allBad)).toBeLessThan(0.15);
  });
});

describe('people management and employment terms', () => {
  it('reads a people-management role from a managing title with people to lead, not from any manager title', () => {
    const managing = job({
      title: 'Engineering Manager - Payments',
      description: 'You will hire, coach and grow a team of 7 engineers and run their performance reviews.',
    });
    expect(managesPeople(managing)).toBe(true);
    expect(managesPeople(job({ title: 'Product Manager', description: managing.description }))).toBe(false);
    expect(managesPeople(job({ title: 'Engineering Manager' }))).toBe(false);
  });

  it('costs an individual contributor a fifth for a people-management role, not a manager', () => {
    const posting = {
      title: 'Backend Engineering Manager',
      description:
        'Lead a team of 6 backend engineers: hiring and performance reviews; TypeScript and Node.js services.',
    };
    const individual = rank(posting);
    const manager = rankMatch(
      prepareResume({ ...backendResume, titles: ['Engineering Manager, Backend', ...backendResume.titles] }),
      prepareJob(job(posting)),
      { semantic: 0.6, now: new Date('2026-01-01') },
    );
    expect(individual.signals.managementGap).toBe(true);
    expect(manager.signals.managementGap).toBe(false);
    expect(individual.components.blend).toBeLessThan(manager.components.blend);
  });

  it("reads part-time work from the posting's own terms, not a benefits line, and spares resumes that seek it", () => {
    expect(
      offersPartTime(job({ description: 'We need a part-time backend engineer, 20 hours a week.' })),
    ).toBe(true);
    expect(offersPartTime(job({ title: 'Part-Time Backend Engineer' }))).toBe(true);
    expect(
      offersPartTime(job({ description: 'Benefits for full-time and part-time employees alike.' })),
    ).toBe(false);
    const partTime = {
      description: 'We need a part-time backend engineer for our APIs and event pipelines.',
    };
    const fullTime = rank({});
    const offered = rank(partTime);
    expect(offered.signals.partTimeGap).toBe(true);
    expect(offered.components.blend).toBeLessThan(fullTime.components.blend * 0.85);
    const seeker = rankMatch(
      prepareResume({ ...backendResume, markdown: 'Looking for part-time work while studying.' }),
      prepareJob(job(partTime)),
      { semantic: 0.6, now: new Date('2026-01-01') },
    );
    expect(seeker.signals.partTimeGap).toBe(false);
  });

  it('keeps allied-health trades and medicine apart from nursing: another licence', () => {
    const nurse = roleFamilyOf('Registered Nurse, ICU')!;
    expect(roleFamilyAffinity(nurse, roleFamilyOf('Registered Respiratory Therapist - ICU')!)).toBeLessThan(
      0.2,
    );
    expect(roleFamilyAffinity(nurse, roleFamilyOf('Hospitalist Physician')!)).toBeLessThan(0.2);
    expect(roleFamilyFactor(roleFamilyAffinity(nurse, roleFamilyOf('Physical Therapist')!))).toBe(0.65);
  });

  it('reads an analyst title no other family names as analysis work: near a data analyst, far from an engineer', () => {
    const analyst = roleFamilyOf('Cloud Cost Analyst')!;
    expect(analyst.family).toBe('analyst');
    expect(roleFamilyOf('Financial Analyst')!.family).toBe('finance');
    expect(roleFamilyAffinity(roleFamilyOf('Data Analyst')!, analyst)).toBeGreaterThanOrEqual(0.6);
    expect(roleFamilyAffinity(roleFamilyOf('Full-Stack Engineer')!, analyst)).toBeLessThan(0.2);
  });

  it('reads the stack a title names as the main stack: none of it in the resume costs the score', () => {
    const elixir = prepareJob(
      job({
        title: 'Senior Backend Engineer (Elixir / Phoenix)',
        requiredSkills: ['Elixir', 'PostgreSQL', 'Docker'],
      }),
    );
    expect(mainStackMissing(resume, elixir)).toBe(true);
    expect(mainStackMissing(resume, prepareJob(job({ title: 'Senior Backend Engineer (Node.js)' })))).toBe(
      false,
    );
    // A title's role word ("SRE") is the role family's to read, not a stack.
    expect(mainStackMissing(resume, prepareJob(job({ title: 'Site Reliability Engineer' })))).toBe(false);
    const same = rank({ requiredSkills: ['Elixir', 'PostgreSQL', 'Docker'] });
    const named = rank({
      title: 'Senior Backend Engineer (Elixir / Phoenix)',
      requiredSkills: ['Elixir', 'PostgreSQL', 'Docker'],
    });
    expect(named.signals.mainStackGap).toBe(true);
    expect(same.signals.mainStackGap).toBe(false);
    expect(named.score).toBeLessThan(65);
  });

  it('does not let an older catch-all title of the trade make another specialty fit', () => {
    const fullStack = prepareResume({
      ...backendResume,
      titles: ['Senior Software Engineer, Full Stack', 'Software Engineer II'],
    });
    const devops = rankMatch(fullStack, prepareJob(job({ title: 'Cloud Operations Engineer' })), {
      semantic: 0.6,
      now: new Date('2026-01-01'),
    });
    expect(devops.components.roleFamily).toBe(0.25);
  });
});
