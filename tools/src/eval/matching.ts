/**
 * Matching quality harness (`npm run eval:matching`): a labelled set generated from templates with a
 * fixed seed — 6 resumes of different disciplines and seniorities × 360 postings with graded
 * relevance 0–3, including junk, wrong-discipline and wrong-seniority postings — ranked with the
 * local embedding provider and the hybrid ranking (the services' own code, called directly: the
 * same functions the matching subgraph runs after ANN retrieval). Prints P@5, P@10, NDCG@10 and
 * how many known-bad postings reach each top 10.
 */
import { cosineSimilarity } from '@hiregraph/libs/ai/embeddings';
import { LocalEmbeddingProvider } from '@hiregraph/libs/ai/local-embeddings';
import { resumeQueryVector } from '@hiregraph/subgraph-matching/matches/candidates';
import type { JobProfile, ResumeProfile, Seniority } from '@hiregraph/subgraph-matching/matches/profiles';
import {
  calibrationFor,
  prepareJob,
  prepareResume,
  rankMatch,
  rescaleSimilarity,
} from '@hiregraph/subgraph-matching/matches/ranking';

/** mulberry32: small, seeded, good enough for test data. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20261210);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const sample = <T>(items: readonly T[], n: number): T[] =>
  [...items].sort(() => random() - 0.5).slice(0, Math.min(n, items.length));

interface Discipline {
  key: string;
  titles: string[];
  skills: string[];
  duties: string[];
  related: string[];
}

const DISCIPLINES: Discipline[] = [
  {
    key: 'backend',
    titles: [
      'Backend Engineer',
      'Software Engineer, Backend',
      'Node.js Developer',
      'Java Developer',
      'Platform Engineer',
    ],
    skills: [
      'TypeScript',
      'Node.js',
      'PostgreSQL',
      'Docker',
      'Kubernetes',
      'AWS',
      'Kafka',
      'Redis',
      'Java',
      'Go',
      'GraphQL',
      'REST',
    ],
    duties: [
      'design and build APIs',
      'own services in production',
      'scale our data model',
      'improve reliability and latency',
    ],
    related: ['frontend', 'data'],
  },
  {
    key: 'frontend',
    titles: ['Frontend Developer', 'React Developer', 'Frontend Engineer', 'UI Engineer'],
    skills: [
      'JavaScript',
      'TypeScript',
      'React',
      'CSS',
      'HTML',
      'Redux',
      'Next.js',
      'Jest',
      'Figma',
      'Vue.js',
    ],
    duties: ['build accessible interfaces', 'ship product features with designers', 'keep the web app fast'],
    related: ['backend'],
  },
  {
    key: 'data',
    titles: ['Data Scientist', 'Machine Learning Engineer', 'Data Analyst'],
    skills: [
      'Python',
      'pandas',
      'scikit-learn',
      'SQL',
      'TensorFlow',
      'PyTorch',
      'Statistics',
      'Machine Learning',
      'Spark',
    ],
    duties: ['build predictive models', 'run experiments and analyses', 'turn data into product decisions'],
    related: ['backend'],
  },
  {
    key: 'nursing',
    titles: ['Registered Nurse', 'ICU Nurse', 'Staff Nurse', 'Charge Nurse'],
    skills: [
      'Patient care',
      'BLS',
      'ACLS',
      'Medication administration',
      'Electronic health records',
      'Triage',
      'Wound care',
    ],
    duties: ['care for patients on the ward', 'coordinate with physicians', 'administer medication safely'],
    related: [],
  },
  {
    key: 'sales',
    titles: ['Account Executive', 'Sales Representative', 'Business Development Manager', 'Sales Manager'],
    skills: [
      'Salesforce',
      'Negotiation',
      'Cold calling',
      'Lead generation',
      'CRM',
      'B2B sales',
      'Pipeline management',
    ],
    duties: [
      'close new business',
      'own a quota',
      'build relationships with customers',
      'run the full sales cycle',
    ],
    related: [],
  },
  {
    key: 'accounting',
    titles: ['Accountant', 'Staff Accountant', 'Senior Accountant', 'Financial Accountant'],
    skills: [
      'GAAP',
      'Excel',
      'Financial reporting',
      'Accounts payable',
      'Reconciliation',
      'QuickBooks',
      'Audit',
      'Tax',
    ],
    duties: ['close the books each month', 'prepare financial statements', 'support the annual audit'],
    related: [],
  },
];

const LEVELS: Seniority[] = ['INTERN', 'JUNIOR', 'MID', 'SENIOR', 'LEAD'];
const LEVEL_WORD: Partial<Record<Seniority, string>> = {
  JUNIOR: 'Junior',
  SENIOR: 'Senior',
  LEAD: 'Lead',
  INTERN: 'Intern',
};
const YEARS: Record<string, number> = { INTERN: 0, JUNIOR: 1, MID: 3, SENIOR: 6, LEAD: 9 };
const CITIES = ['Berlin', 'London', 'New York', 'Austin', 'Toronto', 'Amsterdam'];

interface Persona {
  discipline: Discipline;
  level: Seniority;
  resume: ResumeProfile;
}

function persona(index: number, key: string, level: Seniority): Persona {
  const discipline = DISCIPLINES.find((item) => item.key === key)!;
  const skills = sample(discipline.skills, 7);
  const title = `${LEVEL_WORD[level] ? `${LEVEL_WORD[level]} ` : ''}${discipline.titles[0]}`;
  const years = YEARS[level] + 1;
  const chunks = [
    {
      id: 'summary',
      kind: 'SUMMARY',
      text: `${title} with ${years} years of experience; I ${pick(discipline.duties)}.`,
    },
    {
      id: 'work-1',
      kind: 'WORK',
      text: `${title} at ${pick(['Acme', 'Globex', 'Initech', 'Umbrella'])}: ${discipline.duties[0]} using ${skills.slice(0, 4).join(', ')}.`,
    },
    {
      id: 'work-2',
      kind: 'WORK',
      text: `${discipline.titles[0]} at ${pick(['Hooli', 'Stark', 'Wayne'])}: ${discipline.duties[1]} with ${skills.slice(4).join(', ')}.`,
    },
    { id: 'skills', kind: 'SKILL_GROUP', text: skills.join(', ') },
  ];
  return {
    discipline,
    level,
    resume: {
      resumeId: `r${index}`,
      ownerId: `o${index}`,
      markdown: chunks.map((chunk) => chunk.text).join('\n\n'),
      skills,
      titles: [title, discipline.titles[0]],
      totalYears: years,
      location: pick(CITIES),
      chunks,
    },
  };
}

const PERSONAS: Persona[] = [
  persona(1, 'backend', 'SENIOR'),
  persona(2, 'frontend', 'JUNIOR'),
  persona(3, 'data', 'MID'),
  persona(4, 'nursing', 'MID'),
  persona(5, 'sales', 'SENIOR'),
  persona(6, 'accounting', 'JUNIOR'),
];

interface LabelledJob {
  job: JobProfile;
  discipline: string | null;
  level: Seniority | null;
  junk: boolean;
}

function generateJobs(count: number): LabelledJob[] {
  const jobs: LabelledJob[] = [];
  for (let i = 0; i < count; i++) {
    const jobId = `j${i}`;
    if (i % 12 === 11) {
      // Junk: spam, empty or title-only postings.
      const kind = i % 3;
      jobs.push({
        junk: true,
        discipline: null,
        level: null,
        job: {
          jobId,
          title:
            kind === 0 ? 'EARN $$$ FROM HOME!!! 💰' : kind === 1 ? 'Hiring' : pick(DISCIPLINES).titles[0],
          requiredSkills: [],
          preferredSkills: [],
          description:
            kind === 0
              ? 'Make $500/day, no experience needed, earn cash fast! Contact us on WhatsApp.'
              : kind === 1
                ? 'Apply now.'
                : 'Great team.',
          postedAt: new Date(),
        },
      });
      continue;
    }
    const discipline = pick(DISCIPLINES);
    const level = pick(LEVELS);
    const required = sample(discipline.skills, 3 + Math.floor(random() * 3));
    const preferred = sample(
      discipline.skills.filter((skill) => !required.includes(skill)),
      2,
    );
    const title = `${LEVEL_WORD[level] ? `${LEVEL_WORD[level]} ` : ''}${pick(discipline.titles)}`;
    const remote = pick(['REMOTE', 'HYBRID', 'ONSITE'] as const);
    jobs.push({
      junk: false,
      discipline: discipline.key,
      level,
      job: {
        jobId,
        title,
        company: pick(['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wide World']),
        location: pick(CITIES),
        remote,
        seniority: random() < 0.7 ? level : null,
        yearsMin: YEARS[level],
        requiredSkills: random() < 0.85 ? required : [],
        preferredSkills: preferred,
        description: `We are looking for a ${title} to ${pick(discipline.duties)} and ${pick(discipline.duties)}. You know ${required.join(', ')}. ${pick(['Flexible hours.', 'Great benefits.', 'Growing team.', ''])}`,
        postedAt: new Date(Date.now() - Math.floor(random() * 40) * 86_400_000),
      },
    });
  }
  return jobs;
}

/** Graded relevance of a posting for a persona: 3 ideal, 2 good, 1 stretch, 0 wrong. */
function relevance(persona: Persona, labelled: LabelledJob): number {
  if (labelled.junk || !labelled.discipline || !labelled.level) return 0;
  const gap = Math.abs(LEVELS.indexOf(labelled.level) - LEVELS.indexOf(persona.level));
  if (labelled.discipline === persona.discipline.key) return gap === 0 ? 3 : gap === 1 ? 2 : 0;
  if (persona.discipline.related.includes(labelled.discipline)) return gap <= 1 ? 1 : 0;
  return 0;
}

/** Known bad: junk, another (unrelated) profession, or a level two or more steps away. */
function knownBad(persona: Persona, labelled: LabelledJob): boolean {
  if (labelled.junk || !labelled.discipline || !labelled.level) return true;
  const related =
    labelled.discipline === persona.discipline.key ||
    persona.discipline.related.includes(labelled.discipline);
  return !related || Math.abs(LEVELS.indexOf(labelled.level) - LEVELS.indexOf(persona.level)) >= 2;
}

const dcg = (gains: number[]) => gains.reduce((sum, gain, i) => sum + (2 ** gain - 1) / Math.log2(i + 2), 0);

async function main() {
  const provider = new LocalEmbeddingProvider();
  const calibration = calibrationFor(provider.model);
  const jobs = generateJobs(360);
  const jobVectors = await provider.embed(
    jobs.map(({ job }) =>
      [job.title, `Requirements: ${job.requiredSkills.join(', ')}`, job.description].join('\n'),
    ),
  );
  const rows: string[] = [];
  const totals = { p5: 0, p10: 0, ndcg: 0, bad: 0 };
  for (const persona of PERSONAS) {
    const chunkVectors = await provider.embed(persona.resume.chunks.map((chunk) => chunk.text));
    const query = resumeQueryVector(
      persona.resume.chunks.map((chunk, i) => ({ kind: chunk.kind, embedding: chunkVectors[i] })),
    );
    const prepared = prepareResume(persona.resume);
    const ranked = jobs
      .map((labelled, i) => ({
        labelled,
        score: rankMatch(prepared, prepareJob(labelled.job), {
          semantic: rescaleSimilarity(cosineSimilarity(query, jobVectors[i]), calibration),
        }).score,
      }))
      .sort((a, b) => b.score - a.score);
    const gains = ranked.map((item) => relevance(persona, item.labelled));
    const ideal = [...gains].sort((a, b) => b - a);
    const p5 = gains.slice(0, 5).filter((gain) => gain >= 2).length / 5;
    const p10 = gains.slice(0, 10).filter((gain) => gain >= 2).length / 10;
    const ndcg = dcg(gains.slice(0, 10)) / (dcg(ideal.slice(0, 10)) || 1);
    const bad = ranked.slice(0, 10).filter((item) => knownBad(persona, item.labelled)).length;
    totals.p5 += p5;
    totals.p10 += p10;
    totals.ndcg += ndcg;
    totals.bad += bad;
    const name = `${persona.level.toLowerCase()} ${persona.discipline.key}`;
    rows.push(
      `${name.padEnd(20)} P@5 ${p5.toFixed(2)}  P@10 ${p10.toFixed(2)}  NDCG@10 ${ndcg.toFixed(3)}  bad in top 10: ${bad}`,
    );
  }
  const n = PERSONAS.length;
  console.log(
    `matching quality — ${n} resumes × ${jobs.length} postings, provider ${provider.model} (relevant = grade ≥ 2)`,
  );
  for (const row of rows) console.log(row);
  console.log(
    `${'mean'.padEnd(20)} P@5 ${(totals.p5 / n).toFixed(2)}  P@10 ${(totals.p10 / n).toFixed(2)}  NDCG@10 ${(totals.ndcg / n).toFixed(3)}  bad in top 10: ${totals.bad} of ${10 * n}`,
  );
}

await main();
