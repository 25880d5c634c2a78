import { LocalEmbeddingProvider } from '@hiregraph/ai/local-embeddings';
import { rankCandidates, resumeQueryVector } from './candidates.js';
import { cosineSimilarity } from '@hiregraph/ai/embeddings';
import type { JobProfile, ResumeProfile } from './profiles.js';
import { prepareResume } from './ranking.js';

/**
 * The local path end to end without a database: real word vectors for the semantic part, then the
 * hybrid ranking, on postings written like real ones (long, with company pitch and benefits) and the
 * traps real boards hold: same stack at the wrong level, same title on another stack, other trades
 * whose text shares words with the resume.
 */
const provider = new LocalEmbeddingProvider();

const BOILERPLATE =
  'About us: we are a fast-growing, mission-driven company backed by top investors. We are an equal opportunity ' +
  'employer: all qualified applicants will receive consideration for employment without regard to race, color, ' +
  'religion, sex, sexual orientation, gender identity, national origin, disability or veteran status. ' +
  'What we offer: competitive salary, equity, 401(k), medical, dental and vision insurance, unlimited PTO.';

const resume: ResumeProfile = {
  resumeId: 'r',
  ownerId: 'o',
  markdown: '',
  skills: ['TypeScript', 'Node.js', 'PostgreSQL', 'Kafka', 'Redis', 'Docker', 'Kubernetes', 'AWS', 'GraphQL'],
  titles: ['Senior Backend Engineer', 'Backend Engineer'],
  totalYears: 8,
  location: 'Berlin',
  chunks: [
    {
      id: 's',
      kind: 'summary',
      text: 'Senior backend engineer: eight years of APIs and distributed systems for marketplaces and payments.',
    },
    {
      id: 'w1',
      kind: 'experience',
      text:
        'Senior Backend Engineer, Northwind Pay (2020–2025): ledger and settlement services in TypeScript and ' +
        'Node.js on PostgreSQL; event sourcing with Kafka; moved 40 services to Kubernetes on AWS; on-call lead.',
    },
    {
      id: 'w2',
      kind: 'experience',
      text: 'Backend Engineer, Contoso (2017–2020): public REST and GraphQL APIs, Redis caching, Docker.',
    },
    {
      id: 'k',
      kind: 'skills',
      text: 'TypeScript, Node.js, PostgreSQL, Kafka, Redis, Docker, Kubernetes, AWS, GraphQL',
    },
  ],
};

const job = (jobId: string, fields: Partial<JobProfile>): JobProfile => ({
  jobId,
  title: '',
  location: 'Berlin',
  remote: 'HYBRID',
  requiredSkills: [],
  preferredSkills: [],
  ...fields,
  description: `${fields.description ?? ''}\n${BOILERPLATE}`,
});

const POSTINGS: JobProfile[] = [
  job('ts-backend', {
    title: 'Senior Backend Engineer (Node.js / TypeScript)',
    seniority: 'SENIOR',
    yearsMin: 5,
    requiredSkills: ['TypeScript', 'Node.js', 'PostgreSQL'],
    preferredSkills: ['Kafka', 'Kubernetes'],
    description:
      'Design and build the APIs and event-driven services behind our payments platform; own them end to end.',
  }),
  job('java-backend', {
    title: 'Senior Backend Engineer (Java)',
    seniority: 'SENIOR',
    yearsMin: 5,
    requiredSkills: ['Java', 'Spring Boot', 'PostgreSQL'],
    preferredSkills: ['Kafka'],
    description:
      'Build backend services in Java and Spring Boot for our logistics platform; REST APIs and messaging.',
  }),
  job('full-stack', {
    title: 'Senior Full-Stack Engineer',
    seniority: 'SENIOR',
    requiredSkills: ['TypeScript', 'React', 'Node.js'],
    preferredSkills: ['PostgreSQL'],
    description: 'Ship features across our React front end and Node.js APIs.',
  }),
  job('junior-backend', {
    title: 'Junior Backend Developer',
    seniority: 'JUNIOR',
    yearsMin: 0,
    requiredSkills: ['TypeScript', 'Node.js', 'PostgreSQL'],
    description:
      'Learn to build Node.js services with mentoring from senior engineers; fix bugs and write tests.',
  }),
  job('intern', {
    title: 'Backend Engineering Intern (Summer)',
    seniority: 'INTERN',
    requiredSkills: ['TypeScript', 'Node.js'],
    description: 'A 12-week internship for students: build a small service in Node.js and TypeScript.',
  }),
  job('sales-engineer', {
    title: 'Senior Sales Engineer, API Platform',
    seniority: 'SENIOR',
    requiredSkills: ['REST APIs', 'Python'],
    preferredSkills: ['Salesforce'],
    description:
      'Partner with account executives on technical discovery and product demos; build proofs of concept with REST APIs; ' +
      'exceed quarterly revenue targets with our sales team.',
  }),
  job('nurse', {
    title: 'Registered Nurse, ICU (Nights)',
    requiredSkills: ['Patient care', 'BLS', 'ACLS'],
    description:
      'Provide patient care in a 24-bed intensive care unit; document in our electronic health record systems; ' +
      'on-call rotation; collaborate with physicians.',
  }),
  job('frontend', {
    title: 'Senior Frontend Engineer',
    seniority: 'SENIOR',
    requiredSkills: ['React', 'CSS', 'TypeScript'],
    preferredSkills: ['Storybook'],
    description: 'Own our design system and web performance; accessibility matters to you.',
  }),
];

export const dump = process.env.RANK_DUMP;
it('ranks real-looking postings as a recruiter would, traps included', async () => {
  const chunkVectors = await provider.embed(resume.chunks.map((chunk) => chunk.text));
  const query = resumeQueryVector(
    resume.chunks.map((chunk, i) => ({ kind: chunk.kind, embedding: chunkVectors[i] })),
  );
  const jobVectors = await provider.embed(
    POSTINGS.map((posting) =>
      [posting.title, posting.requiredSkills.join(', '), posting.description].join('\n'),
    ),
  );
  const ranked = rankCandidates(
    prepareResume(resume),
    POSTINGS.map((posting, i) => ({ job: posting, similarity: cosineSimilarity(query, jobVectors[i]) })),
    { model: provider.model, now: new Date('2026-01-01') },
  );
  if (dump) for (const m of ranked) console.log(m.jobId, m.score, m.verdict, m.similarity.toFixed(3));
  const order = ranked.map((match) => match.jobId);
  const at = (id: string) => order.indexOf(id);
  expect(order[0]).toBe('ts-backend');
  expect(ranked[0].verdict).toMatch(/STRONG|GOOD/);
  // The traps: other trades and a level far below land at the bottom, whatever words they share.
  expect(order.slice(-3).sort()).toEqual(['intern', 'nurse', 'sales-engineer']);
  for (const id of ['intern', 'nurse', 'sales-engineer']) {
    expect(ranked[at(id)].verdict).toBe('WEAK');
  }
  // Same role on another stack and a neighbouring role rank above the same stack two levels down.
  expect(at('full-stack')).toBeLessThan(at('junior-backend'));
  expect(at('java-backend')).toBeLessThan(at('intern'));
  expect(ranked[at('junior-backend')].verdict).toMatch(/PARTIAL|WEAK/);
});
