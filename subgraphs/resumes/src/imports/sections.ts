/** Section headings resumes use, mapped to JSON Resume sections. Matched on the whole line. */
export type SectionKey =
  | 'summary'
  | 'work'
  | 'education'
  | 'skills'
  | 'languages'
  | 'certificates'
  | 'projects'
  | 'volunteer'
  | 'awards'
  | 'publications'
  | 'interests'
  | 'references'
  | 'contact'
  /** A heading the word list does not know (found by its style): its lines belong to no section. */
  | 'other';

const SYNONYMS: Record<SectionKey, string[]> = {
  summary: [
    'summary',
    'professional summary',
    'career summary',
    'executive summary',
    'profile',
    'professional profile',
    'personal profile',
    'about',
    'about me',
    'objective',
    'career objective',
    'overview',
    'introduction',
    'personal statement',
    'highlights',
    'summary of qualifications',
    'qualifications summary',
    'kurzprofil',
    'profil',
  ],
  work: [
    'experience',
    'work experience',
    'professional experience',
    'employment',
    'employment history',
    'work history',
    'career history',
    'professional history',
    'relevant experience',
    'career',
    'positions',
    'positions held',
    'industry experience',
    'technical experience',
    'experience history',
    'professional background',
    'work',
    'employment experience',
    'berufserfahrung',
    'beruflicher werdegang',
    'expérience professionnelle',
    'experiencia',
    'experiencia laboral',
    'internships',
    'internship experience',
    'teaching experience',
    'clinical experience',
    'research experience',
  ],
  education: [
    'education',
    'academic background',
    'academic history',
    'education and training',
    'educational background',
    'academics',
    'qualifications',
    'academic qualifications',
    'studies',
    'training',
    'ausbildung',
    'bildung',
    'studium',
    'formation',
    'educación',
    'education & training',
    'degrees',
  ],
  skills: [
    'skills',
    'technical skills',
    'core skills',
    'key skills',
    'core competencies',
    'competencies',
    'expertise',
    'areas of expertise',
    'skills and abilities',
    'skills & abilities',
    'technologies',
    'tech stack',
    'tools',
    'tools and technologies',
    'skill set',
    'skillset',
    'professional skills',
    'hard skills',
    'soft skills',
    'kenntnisse',
    'fähigkeiten',
    'compétences',
    'technical proficiencies',
    'proficiencies',
    'strengths',
    'skills & tools',
    'skills and tools',
    'it skills',
    'computer skills',
    'software',
  ],
  languages: [
    'languages',
    'language skills',
    'spoken languages',
    'sprachen',
    'sprachkenntnisse',
    'langues',
    'idiomas',
  ],
  certificates: [
    'certifications',
    'certificates',
    'licenses',
    'licenses and certifications',
    'licenses & certifications',
    'certifications and licenses',
    'certifications & licenses',
    'accreditations',
    'credentials',
    'professional certifications',
    'zertifikate',
    'courses',
    'courses and certifications',
    'training and certifications',
  ],
  projects: [
    'projects',
    'personal projects',
    'selected projects',
    'key projects',
    'side projects',
    'open source',
    'open source contributions',
    'portfolio',
    'projekte',
    'projets',
    'academic projects',
  ],
  volunteer: [
    'volunteer',
    'volunteering',
    'volunteer experience',
    'volunteer work',
    'community involvement',
    'community service',
    'extracurricular activities',
    'extracurriculars',
    'activities',
    'leadership',
    'leadership experience',
    'leadership and activities',
    'activities and leadership',
    'leadership and volunteering',
    'volunteering and leadership',
    'leadership and community',
    'campus involvement',
    'ehrenamt',
  ],
  awards: [
    'awards',
    'honors',
    'honours',
    'awards and honors',
    'awards & honors',
    'honors and awards',
    'honors & awards',
    'achievements',
    'accomplishments',
    'scholarships',
  ],
  publications: [
    'publications',
    'selected publications',
    'papers',
    'research papers',
    'talks',
    'presentations',
    'publications and talks',
  ],
  interests: [
    'interests',
    'hobbies',
    'hobbies and interests',
    'hobbies & interests',
    'personal interests',
    'interessen',
  ],
  references: ['references', 'referees', 'referenzen'],
  other: [],
  contact: [
    'contact',
    'contact information',
    'contact details',
    'personal details',
    'personal information',
    'kontakt',
    'details',
  ],
};

const LOOKUP = new Map<string, SectionKey>();
for (const [key, names] of Object.entries(SYNONYMS) as [SectionKey, string[]][]) {
  for (const name of names) LOOKUP.set(normalizeHeading(name), key);
}

function normalizeHeading(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/^#+\s*/, '')
      // "Work Experience(3)", "Projects (2)": a count after the heading.
      .replace(/\s*\(\d+\)\s*$/, '')
      .replace(/[*_`]/g, '')
      .replace(/&/g, ' and ')
      .replace(/[^\p{L}\p{N} ]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The section a heading line names, or undefined for ordinary text. */
export function sectionOf(line: string): SectionKey | undefined {
  const normalized = normalizeHeading(line);
  if (!normalized || (normalized.split(' ').length > 6 && !isLetterSpaced(normalized))) return undefined;
  const direct = LOOKUP.get(normalized);
  if (direct) return direct;
  // Spaced-out capitals ("E X P E R I E N C E", kerned pairs like "S U M M A RY") from some templates.
  const unspaced = normalized.replace(/ /g, '');
  if (isLetterSpaced(normalized)) {
    for (const [name, key] of LOOKUP) if (name.replace(/ /g, '') === unspaced) return key;
  }
  // Qualified variants such as "Software Engineering Experience" or "Relevant Coursework & Education".
  const words = normalized.split(' ');
  for (let start = 1; start < words.length; start++) {
    const tail = LOOKUP.get(words.slice(start).join(' '));
    if (tail && words.length <= 4) return tail;
  }
  return undefined;
}

/** "W O R K  E X P E R I E N C E": letters set apart (a kerned pair may stay together). */
export function isLetterSpaced(text: string): boolean {
  const tokens = text.trim().split(/\s+/);
  return (
    tokens.length >= 3 &&
    tokens.every((token) => token.length <= 2) &&
    tokens.filter((t) => t.length === 1).length >= tokens.length * 0.6
  );
}

export const isSectionHeading = (line: string): boolean => sectionOf(line) !== undefined;
