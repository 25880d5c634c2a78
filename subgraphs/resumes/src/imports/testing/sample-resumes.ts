/** JSON Resume documents for the import harness: varied professions, layouts' worth of content. */
export interface SampleResume {
  basics: {
    name: string;
    label: string;
    email: string;
    phone: string;
    url?: string;
    location: { city: string; region: string };
    summary: string;
    profiles: { network: string; url: string }[];
  };
  work: {
    name: string;
    position: string;
    location?: string;
    startDate: string;
    endDate?: string;
    highlights: string[];
  }[];
  education: {
    institution: string;
    area: string;
    studyType: string;
    startDate?: string;
    endDate: string;
    score?: string;
  }[];
  skills: { name: string; keywords: string[] }[];
  languages?: { language: string; fluency: string }[];
  /** How dates are printed: exercises the parser's formats. */
  dateStyle: 'short-month' | 'numeric' | 'year' | 'long-month' | 'dotted-month';
  /** How an entry's title and company are printed. */
  headerStyle: 'title-at-company' | 'company-dash-title' | 'title-comma-company' | 'two-line';
}

export const SAMPLE_RESUMES: SampleResume[] = [
  {
    basics: {
      name: 'Jane Doe',
      label: 'Senior Software Engineer',
      email: 'jane.doe@example.com',
      phone: '+1 415 555 0134',
      url: 'https://janedoe.dev',
      location: { city: 'San Francisco', region: 'CA' },
      summary:
        'Backend engineer with ten years of experience building distributed systems and developer platforms for fast growing teams.',
      profiles: [{ network: 'GitHub', url: 'https://github.com/janedoe' }],
    },
    work: [
      {
        name: 'Stripe Inc',
        position: 'Senior Software Engineer',
        startDate: '2020-01',
        highlights: [
          'Led the migration of payment ledgers to a sharded Postgres cluster.',
          'Mentored five engineers across two teams.',
        ],
      },
      {
        name: 'Dropbox',
        position: 'Software Engineer',
        startDate: '2016-06',
        endDate: '2019-12',
        highlights: ['Built the sync conflict resolver used by 500 million users.'],
      },
    ],
    education: [
      {
        institution: 'University of California, Berkeley',
        area: 'Computer Science',
        studyType: 'B.S.',
        startDate: '2012',
        endDate: '2016',
      },
    ],
    skills: [
      { name: 'Languages', keywords: ['Go', 'TypeScript', 'Python'] },
      { name: 'Infrastructure', keywords: ['PostgreSQL', 'Kubernetes', 'Kafka'] },
    ],
    dateStyle: 'short-month',
    headerStyle: 'title-at-company',
  },
  {
    basics: {
      name: 'Carlos Mendez',
      label: 'Registered Nurse',
      email: 'carlos.mendez@example.org',
      phone: '(312) 555-0188',
      location: { city: 'Chicago', region: 'IL' },
      summary: 'Compassionate registered nurse with experience in intensive care and emergency departments.',
      profiles: [{ network: 'LinkedIn', url: 'https://linkedin.com/in/carlosmendez' }],
    },
    work: [
      {
        name: 'Northwestern Memorial Hospital',
        position: 'ICU Nurse',
        startDate: '2019-01',
        endDate: '2021-03',
        highlights: [
          'Cared for up to three critical patients per shift.',
          'Trained new nurses on ventilator protocols.',
        ],
      },
      {
        name: 'Rush University Medical Center',
        position: 'Emergency Room Nurse',
        startDate: '2021-04',
        highlights: ['Triaged over forty patients per shift.'],
      },
    ],
    education: [
      {
        institution: 'Loyola University Chicago',
        area: 'Nursing',
        studyType: 'Bachelor of Science',
        endDate: '2018',
      },
    ],
    skills: [{ name: 'Clinical', keywords: ['Patient Assessment', 'Triage', 'IV Therapy', 'BLS'] }],
    dateStyle: 'numeric',
    headerStyle: 'company-dash-title',
  },
  {
    basics: {
      name: 'Priya Raman',
      label: 'Data Scientist',
      email: 'priya.raman@example.net',
      phone: '+44 20 7946 0958',
      location: { city: 'London', region: 'UK' },
      summary:
        'Data scientist turning messy operational data into forecasting models that teams trust and use.',
      profiles: [{ network: 'GitHub', url: 'https://github.com/priyar' }],
    },
    work: [
      {
        name: 'Ocado Technology',
        position: 'Lead Data Scientist',
        startDate: '2020',
        highlights: ['Built demand forecasting models that cut food waste by 12 percent.'],
      },
      {
        name: 'Deliveroo',
        position: 'Data Analyst',
        startDate: '2017',
        endDate: '2020',
        highlights: ['Designed the courier supply dashboard.', 'Automated weekly reporting with Airflow.'],
      },
      {
        name: 'Barclays Bank',
        position: 'Graduate Analyst',
        startDate: '2015',
        endDate: '2017',
        highlights: ['Modelled credit risk for small business loans.'],
      },
    ],
    education: [
      {
        institution: 'University of Oxford',
        area: 'Statistics',
        studyType: 'MSc',
        startDate: '2014',
        endDate: '2015',
      },
    ],
    skills: [{ name: 'Skills', keywords: ['Python', 'SQL', 'Pandas', 'scikit-learn', 'Airflow'] }],
    dateStyle: 'year',
    headerStyle: 'title-comma-company',
  },
  {
    basics: {
      name: 'Tom Becker',
      label: 'Product Designer',
      email: 'tom@beckerdesign.io',
      phone: '+49 30 901820',
      location: { city: 'Berlin', region: 'Germany' },
      summary: 'Product designer focused on research driven interfaces for complex business software.',
      profiles: [{ network: 'LinkedIn', url: 'https://linkedin.com/in/tombecker' }],
    },
    work: [
      {
        name: 'Zalando SE',
        position: 'Senior Product Designer',
        startDate: '2018-03',
        endDate: '2022-06',
        highlights: ['Redesigned the returns flow, raising completion by 18 percent.'],
      },
      {
        name: 'SoundCloud',
        position: 'Product Designer',
        startDate: '2015-09',
        endDate: '2018-02',
        highlights: ['Shipped the creator analytics dashboard.'],
      },
    ],
    education: [
      {
        institution: 'Berlin University of the Arts',
        area: 'Visual Communication',
        studyType: 'Master of Arts',
        startDate: '2013',
        endDate: '2015',
      },
    ],
    skills: [{ name: 'Design', keywords: ['Figma', 'User Research', 'Prototyping', 'Design Systems'] }],
    dateStyle: 'long-month',
    headerStyle: 'two-line',
  },
  {
    basics: {
      name: 'Aisha Khan',
      label: 'Financial Analyst',
      email: 'aisha.khan@example.com',
      phone: '+1 (646) 555-0102',
      location: { city: 'New York', region: 'NY' },
      summary: 'Financial analyst with a track record in forecasting, budgeting and investor reporting.',
      profiles: [],
    },
    work: [
      {
        name: 'Goldman Sachs',
        position: 'Financial Analyst',
        startDate: '2019-07',
        highlights: ['Built three statement models for twelve portfolio companies.'],
      },
      {
        name: 'Deloitte LLP',
        position: 'Audit Associate',
        startDate: '2016-09',
        endDate: '2019-06',
        highlights: ['Audited revenue recognition for retail clients.'],
      },
    ],
    education: [
      {
        institution: 'New York University',
        area: 'Finance',
        studyType: 'BBA',
        endDate: '2016',
        score: '3.8/4.0',
      },
    ],
    skills: [{ name: 'Tools', keywords: ['Excel', 'Bloomberg', 'Tableau', 'Financial Modeling'] }],
    dateStyle: 'dotted-month',
    headerStyle: 'title-at-company',
  },
  {
    basics: {
      name: 'Liam O’Connor',
      label: 'High School Teacher',
      email: 'liam.oconnor@example.ie',
      phone: '+353 1 555 0147',
      location: { city: 'Dublin', region: 'Ireland' },
      summary: 'Mathematics teacher who builds curricula that make abstract ideas tangible for teenagers.',
      profiles: [],
    },
    work: [
      {
        name: 'St. Andrew’s College',
        position: 'Mathematics Teacher',
        startDate: '2017-09',
        highlights: [
          'Raised average exam results by one grade band.',
          'Coordinated the school maths olympiad team.',
        ],
      },
      {
        name: 'Kumon Learning Centre',
        position: 'Tutor',
        startDate: '2014-01',
        endDate: '2017-06',
        highlights: ['Tutored forty students weekly.'],
      },
    ],
    education: [
      {
        institution: 'Trinity College Dublin',
        area: 'Mathematics',
        studyType: 'Bachelor of Arts',
        startDate: '2010',
        endDate: '2014',
      },
    ],
    skills: [{ name: 'Teaching', keywords: ['Curriculum Design', 'Classroom Management', 'GeoGebra'] }],
    languages: [
      { language: 'English', fluency: 'Native' },
      { language: 'Irish', fluency: 'Fluent' },
    ],
    dateStyle: 'short-month',
    headerStyle: 'two-line',
  },
];

const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function formatDate(iso: string | undefined, style: SampleResume['dateStyle']): string {
  if (!iso) return style === 'year' ? 'now' : 'Present';
  const [year, month] = iso.split('-');
  if (!month || style === 'year') return year;
  const index = Number(month) - 1;
  switch (style) {
    case 'numeric':
      return `${month}/${year}`;
    case 'long-month':
      return `${LONG[index]} ${year}`;
    case 'dotted-month':
      return `${SHORT[index]}. ${year}`;
    default:
      return `${SHORT[index]} ${year}`;
  }
}

export function formatRange(
  start: string | undefined,
  end: string | undefined,
  style: SampleResume['dateStyle'],
): string {
  const separator = style === 'long-month' ? ' to ' : ' – ';
  return start ? `${formatDate(start, style)}${separator}${formatDate(end, style)}` : formatDate(end, style);
}

/** The entry header lines as the resume prints them. */
export function workHeader(work: SampleResume['work'][number], style: SampleResume['headerStyle']): string[] {
  switch (style) {
    case 'title-at-company':
      return [`${work.position} at ${work.name}`];
    case 'company-dash-title':
      return [`${work.name} — ${work.position}`];
    case 'title-comma-company':
      return [`${work.position}, ${work.name}`];
    default:
      return [work.name, work.position];
  }
}
