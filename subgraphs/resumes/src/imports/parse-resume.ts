import { findPhoneNumbersInText } from 'libphonenumber-js';
import { findDateRange, findSingleDate, removeSpan } from './dates.js';
import { isBulletLine, looksLikeName, stripBullet } from './markdown.js';
import { sectionOf, type SectionKey } from './sections.js';

/** What the parser recovers, shaped like JSON Resume (https://jsonresume.org/schema). */
export interface ParsedResume {
  basics: {
    name?: string;
    label?: string;
    email?: string;
    phone?: string;
    url?: string;
    summary?: string;
    location?: { address?: string; city?: string; region?: string; countryCode?: string };
    profiles: { network: string; username?: string; url: string }[];
  };
  work: ParsedWork[];
  education: ParsedEducation[];
  skills: { name: string; keywords: string[] }[];
  languages: { language: string; fluency?: string }[];
  certificates: { name: string; issuer?: string; date?: string }[];
  projects: {
    name: string;
    description?: string;
    highlights: string[];
    url?: string;
    startDate?: string;
    endDate?: string;
  }[];
  volunteer: ParsedVolunteer[];
  awards: { title: string; date?: string; awarder?: string; summary?: string }[];
  publications: { name: string; publisher?: string; releaseDate?: string; url?: string; summary?: string }[];
  interests: { name: string; keywords: string[] }[];
  /** Raw skill names in document order; the taxonomy hook normalizes them. */
  skillNames: string[];
}

export interface ParsedWork {
  name?: string;
  position?: string;
  location?: string;
  startDate?: string;
  endDate?: string;
  /** "Present": JSON Resume leaves endDate out. */
  current?: boolean;
  summary?: string;
  highlights: string[];
}

export interface ParsedVolunteer {
  organization?: string;
  position?: string;
  startDate?: string;
  endDate?: string;
  current?: boolean;
  summary?: string;
  highlights: string[];
}

export interface ParsedEducation {
  institution?: string;
  area?: string;
  studyType?: string;
  startDate?: string;
  endDate?: string;
  score?: string;
  courses: string[];
}

interface Line {
  text: string;
  bullet: boolean;
  /** Blank line before it. */
  breakBefore: boolean;
  /** Set in bold or another emphasis font (`**…**` from the PDF/DOCX step): an entry header. */
  strong?: boolean;
}

/** Markdown or plain text (as extracted) → JSON-Resume-aligned sections. */
export function parseResume(markdown: string): ParsedResume {
  const { header, sections } = splitSections(markdown);
  const result: ParsedResume = {
    basics: { profiles: [] },
    work: [],
    education: [],
    skills: [],
    languages: [],
    certificates: [],
    projects: [],
    volunteer: [],
    awards: [],
    publications: [],
    interests: [],
    skillNames: [],
  };
  parseBasics([...header, ...(sections.get('contact') ?? [])], result, markdown);
  const summary = sections.get('summary');
  if (summary?.length)
    result.basics.summary = summary
      .map((l) => stripBullet(l.text))
      .filter((text) => !/^\d{1,3}$/.test(text))
      .join(' ')
      .trim();
  result.work = parseEntries(sections.get('work') ?? []).map(toWork);
  result.education = foldCourseEntries(parseEntries(sections.get('education') ?? []).map(toEducation));
  result.skills = parseSkills(sections.get('skills') ?? []);
  result.skillNames = [...new Set(result.skills.flatMap((s) => (s.keywords.length ? s.keywords : [s.name])))];
  result.languages = parseLanguages(sections.get('languages') ?? []);
  result.certificates = (sections.get('certificates') ?? []).map((l) => toCertificate(stripBullet(l.text)));
  result.projects = parseEntries(sections.get('projects') ?? []).map(toProject);
  result.volunteer = parseEntries(sections.get('volunteer') ?? []).map(toVolunteer);
  result.awards = (sections.get('awards') ?? []).flatMap(toAward);
  result.publications = parseEntries(sections.get('publications') ?? []).map(toPublication);
  result.interests = parseInterests(sections.get('interests') ?? []);
  return result;
}

const HUMAN_LANGUAGE =
  /\b(?:english|spanish|french|german|mandarin|chinese|cantonese|japanese|korean|portuguese|italian|russian|arabic|hindi|urdu|bengali|punjabi|dutch|polish|turkish|swedish|norwegian|danish|finnish|greek|hebrew|persian|farsi|ukrainian|czech|romanian|hungarian|vietnamese|thai|indonesian|malay|tagalog|swahili|yoruba|igbo|hausa|amharic|tamil|telugu|marathi|gujarati|catalan|serbian|croatian|bulgarian|slovak|afrikaans|native|fluent|bilingual|mother tongue|conversational|[abc][12])\b/i;

/** Whether the lines up to the next heading name human languages (or fluency levels). */
function humanLanguagesFollow(lines: string[], from: number): boolean {
  for (const line of lines.slice(from, from + 12)) {
    if (HUMAN_LANGUAGE.test(line)) return true;
    // A language may head its own entry ("### German"); the next section ends the look.
    if (/^#{1,2}\s+\S/.test(line.trim())) break;
  }
  return false;
}

/** Whether the lines up to the next heading are a short list (items, no sentences or dates). */
function shortListFollows(lines: string[], from: number): boolean {
  let items = 0;
  for (const line of lines.slice(from, from + 8)) {
    const text = line.trim().replace(/\*\*/g, '');
    if (!text) continue;
    if (/^#{1,6}\s/.test(text)) break;
    if (text.length > 80 || /[.!?]$/.test(text) || findDateRange(text)) return false;
    items++;
  }
  return items > 0;
}

function isDateOnly(text: string): boolean {
  const range = findDateRange(text);
  if (!range) return false;
  const rest = clean(removeSpan(text, range.index, range.length))
    .replace(/\(?\d+\+?\s*(?:years?|yrs?|months?|mos?)\b\.?(?:,?\s*\d+\s*(?:months?|mos?)\b\.?)?\)?/gi, '')
    .trim();
  return !rest || isPlace(rest);
}

const unbullet = (line: Line): Line => ({ ...line, text: stripBullet(line.text), bullet: false });

const ENTRY_SECTIONS = new Set<SectionKey>(['work', 'volunteer', 'projects', 'education']);
const SUBHEADING =
  /^(?:key |main |selected )?(?:highlights|responsibilities|achievements|accomplishments|duties|tasks|courses|keywords|roles)$/i;

/** Sections whose lines may be "Label: items" sub-groups that must not switch the section. */
const GROUPED_SECTIONS = new Set<SectionKey>(['skills', 'languages', 'interests', 'certificates']);

function splitSections(markdown: string): { header: Line[]; sections: Map<SectionKey, Line[]> } {
  const header: Line[] = [];
  const sections = new Map<SectionKey, Line[]>();
  let current: Line[] = header;
  let currentKey: SectionKey | undefined;
  let breakBefore = false;
  let underSubheading = false;
  const rawLines = markdown.split('\n');
  for (const [rawIndex, raw] of rawLines.entries()) {
    const trimmed = raw.trim();
    if (!trimmed || /^[-=_*]{3,}$/.test(trimmed)) {
      breakBefore = true;
      continue;
    }
    const headingMatch = /^(#{1,6})\s+(.*)$/.exec(trimmed);
    const bullet = !headingMatch && isBulletLine(trimmed);
    const strong = /^\*\*/.test(bullet ? stripBullet(trimmed) : trimmed);
    const text = (headingMatch ? headingMatch[2] : trimmed)
      .replace(/\*\*|__/g, '')
      // A duration glued to the end year ("Feb, 20213 years 1 month") is cut off the year.
      .replace(/((?:19|20)\d{2})(\d{1,2}\s*(?:years?|yrs?|months?|mos?)\b)/gi, '$1 $2')
      .trim();
    // A section heading may carry content after a colon ("Skills: Go, Rust"), but inside a list
    // section "Languages: Python, Go" is a group of that list, and a bullet is always content.
    const [head, ...rest] = text.split(/:\s+/);
    const inlineAllowed =
      !headingMatch && !bullet && rest.length > 0 && !(currentKey && GROUPED_SECTIONS.has(currentKey));
    // "Highlights" or "Responsibilities" inside a job is a sub-heading of the entry, not a section.
    if (currentKey && ENTRY_SECTIONS.has(currentKey) && SUBHEADING.test(text.replace(/:$/, ''))) {
      breakBefore = true;
      underSubheading = true;
      continue;
    }
    // Under "Highlights", plain lines are the entry's highlights until a bold line or a heading
    // (the next entry's header) ends the list; a list that marks its items with glyphs needs no help.
    if (headingMatch || strong || bullet) underSubheading = false;
    const highlight = underSubheading && !bullet && !findDateRange(text);
    let section = sectionOf(text) ?? (inlineAllowed ? sectionOf(head) : undefined);
    // "Languages" (inside Skills, or heading a sidebar's skill groups): a group of programming
    // languages unless human languages follow.
    if (section === 'languages' && !humanLanguagesFollow(rawLines, rawIndex + 1)) section = 'skills';
    if (section && (headingMatch || (!bullet && text.length <= 40) || inlineAllowed)) {
      current = sections.get(section) ?? [];
      sections.set(section, current);
      currentKey = section;
      if (!sectionOf(text) && rest.length)
        current.push({ text: rest.join(': '), bullet: false, breakBefore: true });
      breakBefore = true;
      continue;
    }
    // Inside Skills, an unknown heading over a short list ("Data" above "PostgreSQL · Kafka") names
    // a group of skills: it stays in the section as a group label.
    if (headingMatch && currentKey === 'skills' && shortListFollows(rawLines, rawIndex + 1)) {
      current.push({ text, bullet: false, breakBefore: true, strong: true });
      breakBefore = false;
      continue;
    }
    // Before the first known section, an unknown heading is part of the header (name, title).
    if (headingMatch && headingMatch[1].length === 2 && currentKey !== undefined) {
      // A heading in section style the word list does not know ("Patents"): its lines are kept
      // out of the section before it (deeper headings are entry headers, kept as content).
      current = sections.get('other') ?? [];
      sections.set('other', current);
      currentKey = 'other';
      breakBefore = true;
      continue;
    }
    if (highlight) current.push({ text: `• ${text}`, bullet: true, breakBefore });
    else current.push({ text, bullet, breakBefore, ...(strong ? { strong } : {}) });
    breakBefore = false;
  }
  return { header, sections };
}

// ---------------------------------------------------------------- basics

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;
const URL = /\b(?:https?:\/\/)?(?:www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[^\s|,;)]*)?/gi;
const NETWORKS: [RegExp, string][] = [
  [/linkedin\.com$/i, 'LinkedIn'],
  [/github\.com$/i, 'GitHub'],
  [/gitlab\.com$/i, 'GitLab'],
  [/(?:twitter|x)\.com$/i, 'Twitter'],
  [/stackoverflow\.com$/i, 'Stack Overflow'],
  [/behance\.net$/i, 'Behance'],
  [/dribbble\.com$/i, 'Dribbble'],
  [/medium\.com$/i, 'Medium'],
  [/xing\.com$/i, 'XING'],
];
const SEPARATORS = /\s*(?:\||•|·|⋅|●|▪|◦|\u2022|\s{3,}|\t)\s*/u;

/** An address broken at the end of its domain by layout ("name@outlook. com", "…@fastmail.c om"). */
function joinBrokenEmails(text: string): string {
  return text.replace(
    /(@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.?)\s+([a-z]{1,4})(?=[ \t]*(?:$|[|,;·•]))/gmu,
    '$1$2',
  );
}

function parseBasics(lines: Line[], result: ParsedResume, whole: string): void {
  const basics = result.basics;
  const segments = lines
    .flatMap((line) => line.text.split(SEPARATORS))
    .map((s) => s.trim())
    .filter(Boolean);
  const contactText = joinBrokenEmails(lines.map((l) => l.text).join('\n'));
  basics.email = (EMAIL.exec(contactText) ?? EMAIL.exec(joinBrokenEmails(whole)))?.[0];
  basics.phone = findPhone(contactText) ?? findPhone(whole.split('\n').slice(0, 15).join('\n'));
  for (const match of contactText.matchAll(URL)) {
    const raw = match[0].replace(/[.)]+$/, '');
    if (basics.email?.includes(raw) || /@/.test(contactText.slice(Math.max(0, match.index - 1), match.index)))
      continue;
    if (!/[/.]/.test(raw) || /^\d/.test(raw)) continue;
    const url = /^https?:/i.test(raw) ? raw : `https://${raw}`;
    let host: string;
    try {
      host = new globalThis.URL(url).hostname.replace(/^www\./, '');
    } catch {
      continue;
    }
    const network = NETWORKS.find(([pattern]) => pattern.test(host))?.[1];
    if (network) {
      const username = new globalThis.URL(url).pathname.split('/').filter((p) => p && p !== 'in')[0];
      if (!basics.profiles.some((p) => p.network === network))
        basics.profiles.push({ network, username, url });
    } else if (!basics.url) {
      basics.url = url;
    }
  }
  for (const segment of segments) {
    if (!basics.name && looksLikeName(segment)) {
      basics.name = segment.replace(/,.*$/, '').trim();
      // "Marcus Chen Senior Backend Engineer": a heading that runs the name into the title. The
      // title is two words or more ending on a title head; it starts at a title word ("Senior")
      // or, without one, after the first two words (the commonest length of a printed name).
      const words = basics.name.split(/\s+/);
      if (words.length >= 4 && TITLE_WORDS.test(words.at(-1)!)) {
        const titled = words.findIndex((word, index) => index >= 2 && TITLE_WORDS.test(word));
        const at = titled >= 2 && titled <= words.length - 2 ? titled : 2;
        basics.label ??= words.slice(at).join(' ');
        basics.name = words.slice(0, at).join(' ');
      }
      continue;
    }
    if (EMAIL.test(segment) || findPhone(segment) || looksLikePhone(segment) || URL.test(segment)) {
      URL.lastIndex = 0;
      continue;
    }
    URL.lastIndex = 0;
    const location = parseLocation(segment);
    if (location && !basics.location) {
      basics.location = location;
      continue;
    }
    if (
      basics.name &&
      !basics.label &&
      segment.split(/\s+/).length <= 10 &&
      !/[.!?]$/.test(segment) &&
      /\p{L}/u.test(segment)
    ) {
      basics.label = segment.replace(/^(?:title|headline)\s*:\s*/i, '');
      continue;
    }
    if (!basics.summary && segment.split(/\s+/).length > 12) basics.summary = segment;
  }
}

const NATIONAL_FALLBACKS = ['GB', 'DE', 'FR', 'IN', 'AU', 'CA', 'NL', 'ES', 'IT', 'IE', 'NG', 'BR'] as const;

/** Soft hyphens, zero-width marks and Unicode dashes as PDFs and word processors write them. */
function normalizePhoneText(text: string): string {
  return (
    text
      .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
      .replace(/[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g, '-')
      .replace(/\u00a0/g, ' ')
      // A soft hyphen some renderers draw as a hyphen, next to a real one: one dash.
      .replace(/(\d)\s*-[\s-]*-\s*(\d)/g, '$1-$2')
  );
}

/** "Mobile: +1 …", "Tel. 0151 …": a label before a number, and the number after it. */
const PHONE_LABELLED =
  /(?:^|[\s|•·,;])(?:mobile|mob|phone|tel(?:ephone)?|cell|handy|telefon|m|t|p)\s*[.:]?\s*(\+?[\d(][\d\s()./-]{6,}\d)/i;

/** A phone number, normalised by libphonenumber (international when written with a country code). */
function findPhone(raw: string): string | undefined {
  const text = normalizePhoneText(raw);
  // Numbers without a country code are read as US first, then as the other countries resumes come
  // from most ("07700 900461" is British); libphonenumber only returns numbers valid there.
  let found: ReturnType<typeof findPhoneNumbersInText>[number] | undefined = findPhoneNumbersInText(text, {
    defaultCountry: 'US',
  })[0];
  for (const country of NATIONAL_FALLBACKS) {
    if (found) break;
    found = findPhoneNumbersInText(text, { defaultCountry: country }).find(
      (candidate) => text.slice(candidate.startsAt, candidate.endsAt).replace(/\D/g, '').length >= 9,
    );
  }
  if (found) {
    const written = text.slice(found.startsAt, found.endsAt).trim();
    return written.startsWith('+') ? found.number.formatInternational() : found.number.formatNational();
  }
  // Numbers libphonenumber calls invalid (made-up area codes) are still what the person wrote.
  const labelled = PHONE_LABELLED.exec(text)?.[1];
  if (labelled && labelled.replace(/\D/g, '').length >= 7) return labelled.trim();
  return undefined;
}

/** Mostly digits, or a labelled number: never a job title. */
function looksLikePhone(segment: string): boolean {
  const text = normalizePhoneText(segment);
  const digits = text.replace(/\D/g, '').length;
  return PHONE_LABELLED.test(` ${text}`) || (digits >= 7 && digits / text.replace(/\s/g, '').length > 0.6);
}

function parseLocation(segment: string): ParsedResume['basics']['location'] | undefined {
  const text = segment.replace(/^(?:location|address|based in)\s*:\s*/i, '').trim();
  if (/^remote$/i.test(text)) return { address: 'Remote' };
  const match =
    /^([\p{Lu}][\p{L} .'-]{1,40}),\s*([\p{Lu}][\p{L} .'-]{1,40})(?:,\s*([\p{Lu}][\p{L} .'-]{1,40}))?$/u.exec(
      text,
    );
  if (!match || /\d/.test(text)) return undefined;
  const [, city, region, country] = match;
  if (city.split(' ').length > 4) return undefined;
  return {
    city: city.trim(),
    region: region.trim(),
    ...(country ? { countryCode: country.trim() } : {}),
    address: text,
  };
}

// ---------------------------------------------------------------- entries

interface Entry {
  header: string[];
  body: Line[];
  range?: ReturnType<typeof findDateRange>;
  rangeText?: string;
  /** How many header lines the entry had when its dates were read. */
  headerAtRange?: number;
}

function isHeaderLike(line: Line): boolean {
  const words = line.text.split(/\s+/).length;
  if (line.strong) return words <= (line.bullet ? 12 : 20) && !(line.bullet && /[.;!?]$/.test(line.text));
  if (line.bullet) return isBulletedHeader(line.text);
  return words <= 14 && !/[.;]$/.test(line.text);
}

/**
 * "• Google | Mountain View, CA" or "• Acme Corp — Jan 2020 – Present": a bullet before an entry
 * header. Short, no sentence end, and carries a date range or a place beside a name.
 */
function isBulletedHeader(text: string): boolean {
  const body = stripBullet(text);
  const range = findDateRange(body);
  const words = (range ? removeSpan(body, range.index, range.length) : body).match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length > 10 || /[.;!?]$/.test(body)) return false;
  if (range) return true;
  const parts = body.split(/\s+[|–—]\s+|\s*\|\s*|\s+-\s+/).filter(Boolean);
  return parts.length >= 2 && parts.slice(1).some((part) => LOCATION_SEGMENT.test(part.trim()));
}

/**
 * Header lines that name something other than a place. After the first line, one capitalised word
 * with neither a title nor a company word ("Manchester" under "Royal Infirmary") are a city.
 */
function namedHeaderLines(header: string[]): number {
  return header.filter((h, index) => !isPlace(clean(h)) && !(index > 0 && isCityLike(clean(h)))).length;
}

const isCityLike = (text: string) =>
  /^[\p{Lu}][\p{L}'-]+$/u.test(text) && !TITLE_WORDS.test(text) && !COMPANY_WORDS.test(text);

/** Splits a section into entries: a short header block (with dates) followed by bullets/text. */
function parseEntries(given: Line[]): Entry[] {
  // A date range alone in a list item is an entry's dates, not a highlight (documents that set
  // every line of an entry as a list item: "• Designer, Acme" "• Mar 2021 – Present" "• …").
  const lines = given.map((line) =>
    line.bullet && isDateOnly(stripBullet(line.text)) ? unbullet(line) : line,
  );
  const entries: Entry[] = [];
  let current: Entry | undefined;
  const start = () => {
    current = { header: [], body: [] };
    entries.push(current);
    return current;
  };
  const lineRange = (line: Line) => (line.bullet ? undefined : findDateRange(line.text));
  // In a section where entries carry dates, a short line after an entry's text opens a new entry
  // only when a date follows within its header block; otherwise it is one more line of text
  // (highlights printed without bullet glyphs).
  const dated = lines.some((line) => lineRange(line));
  const datedHeaderFollows = (index: number) => {
    const wordCount = lines[index].text.split(/\s+/).length;
    for (const [offset, next] of lines.slice(index, index + 4).entries()) {
      if (lineRange(next)) return true;
      // A bold line further down is where the next entry starts, unless this line is short enough
      // to be its title ("Software Engineer II" above "**Northwind Logistics**").
      if (!isHeaderLike(next) || (offset > 0 && next.strong && wordCount > 6)) return false;
    }
    return false;
  };
  // "• Senior Engineer, Acme" with the dates on the next line: the bullet holds the entry header.
  const beforeDates = (index: number) => {
    const [line, next] = [lines[index], lines[index + 1]];
    const words = stripBullet(line.text).split(/\s+/).length;
    const range = next && !next.bullet ? lineRange(next) : undefined;
    // The next line holds the dates (and perhaps a place), not a header of its own.
    const rest = range ? clean(removeSpan(next.text, range.index, range.length)) : undefined;
    const dateLine = rest !== undefined && (!rest || isPlace(rest));
    // "Austin Pets Alive!" may end a name; a full stop or a question ends a sentence.
    return dateLine && words <= 10 && !/[.;?)]$/.test(line.text);
  };
  // Dates within the next few short lines of the same block: this line heads an entry of its own.
  const rangeSoon = (index: number) => {
    for (const next of lines.slice(index + 1, index + 4)) {
      if (next.breakBefore || next.bullet) return false;
      if (lineRange(next)) return true;
      if (!isHeaderLike(next)) return false;
    }
    return false;
  };
  for (const [index, raw] of lines.entries()) {
    const headerBullet = raw.bullet && (isHeaderLike(raw) || beforeDates(index));
    const line = headerBullet ? { ...raw, text: stripBullet(raw.text), bullet: false } : raw;
    const range = lineRange(line);
    let headerLike = isHeaderLike(line) || Boolean(range);
    if (
      headerLike &&
      !range &&
      !line.strong &&
      !headerBullet &&
      dated &&
      current?.body.length &&
      !datedHeaderFollows(index)
    )
      headerLike = false;
    // The header already names title and organisation beside its dates: a further short line is
    // the entry's first line of text (a highlight printed without a glyph), unless dates follow it
    // (the next entry's header) or it is the entry's place.
    if (
      headerLike &&
      !range &&
      !line.strong &&
      !headerBullet &&
      current?.range &&
      !current.body.length &&
      namedHeaderLines(current.header) >= 2 &&
      !isPlace(clean(line.text)) &&
      !isCityLike(clean(line.text)) &&
      !datedHeaderFollows(index)
    )
      headerLike = false;
    if (!headerLike) {
      const entry = current ?? start();
      // A wrapped bullet continues the previous highlight.
      const last = entry.body.at(-1);
      if (last && !line.bullet && !line.breakBefore && /^[\p{Ll}\d(]/u.test(line.text))
        last.text += ` ${line.text}`;
      else entry.body.push(line);
      continue;
    }
    // The entry's web address on a line of its own belongs to the entry, it does not open one.
    if (current && !range && /^(?:https?:\/\/|www\.)\S+$/i.test(line.text)) continue;
    let entry = current;
    const hasBody = entry && entry.body.length > 0;
    // A place on its own line ("Seattle, WA") completes the header above it.
    const placeOnly =
      !hasBody && (isPlace(clean(line.text)) || (entry?.range && isCityLike(clean(line.text))));
    const startsNew =
      !entry ||
      hasBody ||
      (range && entry.range) ||
      (!placeOnly && entry.range && namedHeaderLines(entry.header) >= 2) ||
      // After a dated header line, a blank line and one more short line is still this entry's
      // header (a title under "Company — dates"); a third header line opens the next entry.
      // Counted from the dates on, so "Company / Place / dates" blocks keep the title under them,
      // unless dates follow within the next short lines (a "Company / dates" block of its own).
      (!placeOnly &&
        line.breakBefore &&
        entry.range !== undefined &&
        (entry.header.length - (entry.headerAtRange ?? 0) >= 1 || rangeSoon(index))) ||
      (headerBullet && entry.header.length > 0);
    if (startsNew) entry = start();
    entry = entry as Entry;
    if (range && !entry.range) {
      entry.range = range;
      entry.rangeText = line.text;
      const rest = removeSpan(line.text, range.index, range.length);
      if (rest) entry.header.push(rest);
      entry.headerAtRange = entry.header.length;
    } else {
      entry.header.push(line.text);
    }
  }
  // An entry with only a lone header line and no dates or body is usually a wrapped header.
  return entries.filter((e) => e.header.length || e.body.length);
}

const TITLE_WORDS =
  /\b(?:engineer|developer|programmer|manager|designer|analyst|consultant|director|lead|leader|intern|internship|nurse|teacher|tutor|accountant|specialist|coordinator|officer|scientist|architect|administrator|assistant|associate|head|vp|vice president|president|chief|cto|ceo|cfo|coo|founder|co-founder|owner|technician|representative|executive|writer|editor|researcher|professor|lecturer|instructor|fellow|student|trainee|apprentice|clerk|cashier|driver|mechanic|electrician|chef|cook|server|barista|pharmacist|physician|doctor|therapist|counsel|attorney|lawyer|paralegal|recruiter|advisor|adviser|agent|supervisor|foreman|operator|strategist|producer|artist|photographer|marketer|planner|buyer|auditor|controller|economist|statistician|partner|principal|member|volunteer|organi[sz]er|captain|treasurer|secretary|chair|chairperson|mentor|coach|ambassador|delegate|moderator|facilitator|coordinator|sre|devops|qa|tester|staff|senior|junior|sr\.?|jr\.?)\b/i;
const COMPANY_WORDS =
  /\b(?:inc|llc|ltd|limited|gmbh|ag|corp|corporation|company|co|group|holdings|technologies|technology|labs?|solutions|systems|partners|agency|studio|studios|bank|hospital|clinic|university|college|school|institute|foundation|council|ministry|department|services|consulting|media|software|capital|ventures|associates|plc|s\.a\.|sa|bv|oy|ab)\b\.?/i;
const LOCATION_SEGMENT =
  /^(?:remote|hybrid|on-?site|[\p{Lu}][\p{L} .'-]+,\s*(?:[A-Z]{2}|[\p{Lu}][\p{L} .'-]+))$/u;

const clean = (part: string) =>
  part
    .replace(/^[,\s]+|[,\s]+$/g, '')
    .replace(/^\(|\)$/g, '')
    .trim();
/** "Boulder, CO" (a state code is not the "Co." of a company name), "Berlin, Germany", "Remote". */
const isPlace = (text: string) =>
  Boolean(text) &&
  LOCATION_SEGMENT.test(text) &&
  !TITLE_WORDS.test(text) &&
  !COMPANY_WORDS.test(text.replace(/,\s*[A-Z]{2}$/, ''));

/** Header text → position, company and location, whatever order the resume used. */
function splitHeader(header: string[]): { position?: string; company?: string; location?: string } {
  const segments: string[] = [];
  const lineOf: number[] = [];
  let location: string | undefined;
  for (const [lineIndex, line] of header.entries()) {
    const at = /^(.+?)\s+(?:at|@)\s+(.+)$/i.exec(line);
    if (at && !at[2].includes('|')) {
      return withLocation(at[1], at[2]);
    }
    // Strong separators first, so "Boulder, CO" is tested as a place before the comma rule splits
    // "Acme Corp, Staff Engineer" into its parts.
    for (const block of line.split(/\s+[|–—]\s+|\s+-\s+|\s*[|•·]\s*/u)) {
      const whole = clean(block);
      if (isPlace(whole)) {
        location ??= whole;
        continue;
      }
      for (const part of block.split(/,\s+(?=[\p{Lu}])/u)) {
        const trimmed = clean(part);
        if (!trimmed) continue;
        if (isPlace(trimmed)) {
          location ??= trimmed;
          continue;
        }
        segments.push(trimmed);
        lineOf.push(lineIndex);
      }
    }
  }
  if (segments.length === 0) return { location };
  if (segments.length === 1) {
    return TITLE_WORDS.test(segments[0])
      ? { position: segments[0], location }
      : { company: segments[0], location };
  }
  // A title word as the last word is the head of the phrase ("Software Engineer", "Data Analyst"),
  // stronger evidence than a company word inside it.
  // A level or note after the head does not hide it ("Software Engineer II", "Nurse (part-time)").
  const endsWithTitle = (s: string) =>
    TITLE_WORDS.test(
      s
        .replace(/\s*\([^)]*\)?$/, '')
        .replace(/\s+(?:[IVX]{1,4}|\d{1,2})$/, '')
        .split(/\s+/)
        .at(-1) ?? '',
    );
  const score = (s: string) =>
    (TITLE_WORDS.test(s) ? 2 : 0) +
    // "Software Engineer": a company word before a title head is a modifier of the title.
    (endsWithTitle(s) ? 1 : COMPANY_WORDS.test(s) ? -2 : 0);
  const scored = segments.slice(0, 3).map((s, index) => ({ s, index, score: score(s) }));
  const title = [...scored].sort((a, b) => b.score - a.score || a.index - b.index)[0];
  let companies = scored.filter((c) => c !== title);
  // Equal evidence: resumes more often lead with the company on two-line layouts... and with the
  // title on one line ("Title, Company"). Without evidence, keep the first as the position.
  if (title.score === 0 && companies.every((c) => c.score === 0)) {
    const [first, second] = scored;
    if (header.length >= 2) return { company: first.s, position: second.s, location };
    return { position: first.s, company: second.s, location };
  }
  // "Senior Nurse, Intensive Care Unit" above "Royal Infirmary": the organisation is more likely on
  // a line of its own than the department beside the title.
  const ownLine = (c: { index: number }) => (lineOf[c.index] === lineOf[title.index] ? 1 : 0);
  companies = companies.sort((a, b) => a.score - b.score || ownLine(a) - ownLine(b) || a.index - b.index);
  const company = companies[0]?.s;
  const leftover = companies[1]?.s;
  return {
    position: title.s,
    company,
    location: location ?? (leftover && LOCATION_SEGMENT.test(leftover) ? leftover : undefined),
  };

  function withLocation(position: string, company: string) {
    const parts = company.split(/\s*[|,]\s*(?=[\p{Lu}])/u);
    const maybeLocation = parts.length > 1 ? parts.slice(1).join(', ') : undefined;
    return {
      position: position.trim(),
      company: parts[0].trim(),
      location:
        location ?? (maybeLocation && LOCATION_SEGMENT.test(maybeLocation) ? maybeLocation : undefined),
    };
  }
}

function toWork(entry: Entry): ParsedWork {
  const { position, company, location } = splitHeader(entry.header);
  const highlights = entry.body.filter((l) => l.bullet).map((l) => stripBullet(l.text));
  const summary =
    entry.body
      .filter((l) => !l.bullet)
      .map((l) => l.text)
      .join(' ') || undefined;
  return {
    name: company,
    position,
    location,
    startDate: entry.range?.startDate,
    endDate: entry.range?.endDate,
    current: entry.range?.current || undefined,
    summary,
    highlights,
  };
}

function toVolunteer(entry: Entry): ParsedVolunteer {
  const { name, position, startDate, endDate, current, summary, highlights } = toWork(entry);
  return { organization: name, position, startDate, endDate, current, summary, highlights };
}

/** "MIT 35 Under 35 (2024)", "Best Paper Award — ICLR, 2021": title, awarder, date. */
function toAward(line: Line): ParsedResume['awards'] {
  const text = stripBullet(line.text);
  if (!/\p{L}/u.test(text)) return [];
  const range = findDateRange(text);
  const single = range ? undefined : findSingleDate(text);
  const span = range ?? single;
  const withoutDate = span ? removeSpan(text, span.index, span.length) : text;
  const [title, awarder] = withoutDate.split(/\s+[|–—]\s+|\s*\|\s*/u);
  const date = range?.startDate ?? single?.date;
  return [
    {
      title: title.trim(),
      ...(awarder?.trim() ? { awarder: awarder.trim() } : {}),
      ...(date ? { date } : {}),
    },
  ];
}

function toPublication(entry: Entry): ParsedResume['publications'][number] {
  const [first = '', ...others] = entry.header;
  const lines = [...others, ...entry.body.map((l) => stripBullet(l.text))];
  const single = entry.range ? undefined : findSingleDate(first);
  const name = single ? removeSpan(first, single.index, single.length) : first;
  const urlMatch = /(https?:\/\/\S+|\b10\.\d{4,}\/\S+)/i.exec(lines.join(' '));
  const releaseDate =
    entry.range?.startDate ?? single?.date ?? lines.map((l) => findSingleDate(l)?.date).find(Boolean);
  return {
    name: name.replace(/\s*\|\s*$/, '').trim(),
    ...(releaseDate ? { releaseDate } : {}),
    ...(urlMatch
      ? { url: urlMatch[1].startsWith('10.') ? `https://doi.org/${urlMatch[1]}` : urlMatch[1] }
      : {}),
    ...(lines.length ? { summary: lines.join(' ') } : {}),
  };
}

function parseInterests(lines: Line[]): ParsedResume['interests'] {
  const interests: ParsedResume['interests'] = [];
  for (const line of lines) {
    const text = stripBullet(line.text);
    const grouped = /^([^:]{2,40}):\s*(.+)$/.exec(text);
    if (grouped) interests.push({ name: grouped[1].trim(), keywords: splitList(grouped[2]) });
    else for (const item of splitList(text)) interests.push({ name: item, keywords: [] });
  }
  return interests;
}

const STUDY_TYPE =
  /\b(Ph\.?\s?D\.?|Doctor(?:ate)?(?: of [\p{L} ]+)?|M\.?B\.?A\.?|B\.?B\.?A\.?|LL\.?[BM]\.?|J\.?D\.?|M\.?D\.?|B\.?F\.?A\.?|M\.?F\.?A\.?|B\.?S\.?N\.?|M\.?S\.?N\.?|Pharm\.?\s?D\.?|B\.?Arch\.?|M\.?Arch\.?|M\.?\s?Sc\.?|M\.?S\.?|M\.?A\.?|M\.?Eng\.?|M\.?Ed\.?|Master(?:'s|’s)?(?: of (?:Fine |Applied |Business |Public )?[\p{L}]+| degree)?|B\.?\s?Sc\.?|B\.?S\.?|B\.?A\.?|B\.?Eng\.?|B\.?Tech\.?|B\.?Com\.?|Bachelor(?:'s|’s)?(?: of (?:Fine |Applied |Liberal |Business )?[\p{L}]+| degree)?|Associate(?:'s|’s)?(?: of [\p{L}]+| degree)?|A\.?A\.?S?\.?|Diploma|Certificate|High School Diploma|GED|Abitur|Licence|Licenciatura)(?=[\s,.(|]|$)/u;
const INSTITUTION =
  /\b(?:university|universität|universidad|université|college|institute|school|academy|polytechnic|hochschule|conservatory|seminary|école|politecnico|tu |eth |mit\b)/i;
const SCORE =
  /\b(?:GPA|CGPA|Grade|Note|Score)\s*:?\s*([\d.,]+(?:\s*\/\s*[\d.]+)?|[\p{L} ]+(?:Honou?rs|Class)[\p{L} ]*)/iu;

/**
 * Course lines listed under a degree ("CSE 451 Operating Systems") read as entries of their own:
 * an entry with no school, degree or date after a real one is a course of that one.
 */
function foldCourseEntries(entries: ParsedEducation[]): ParsedEducation[] {
  const kept: ParsedEducation[] = [];
  for (const entry of entries) {
    const previous = kept.at(-1);
    const bare = !entry.studyType && !entry.startDate && !entry.endDate && !entry.score;
    const notSchool = !entry.institution || !INSTITUTION.test(entry.institution);
    if (previous && bare && notSchool) {
      previous.courses.push(
        ...[entry.institution, entry.area, ...entry.courses].filter((c): c is string => !!c),
      );
      continue;
    }
    kept.push(entry);
  }
  return kept;
}

function toEducation(entry: Entry): ParsedEducation {
  const text = entry.header.join(' | ');
  const education: ParsedEducation = { courses: [] };
  let range = entry.range;
  if (!range) {
    for (const candidate of [...entry.header, ...entry.body.map((l) => l.text)]) {
      const single = findSingleDate(candidate);
      if (single) {
        education.endDate = single.date;
        break;
      }
    }
  } else {
    education.startDate = range.startDate;
    education.endDate = range.endDate;
  }
  range = undefined;
  const parts = text
    .split(/\s*[|•·]\s*|\s+[–—-]\s+|\s{2,}/u)
    // A place ("Princeton, NJ") goes before the comma rule splits it.
    .filter((block) => !isPlace(clean(block)))
    // "Bachelor of Science Computer Science at University of Washington": the school after "at".
    .flatMap((block) =>
      block.split(
        /,\s+(?=[\p{Lu}])|\s+at\s+(?=(?:the\s+)?\p{Lu}[^|]*(?:universit|college|institut|school|academ|hochschule))/iu,
      ),
    )
    .map((p) => p.trim())
    .filter((p) => p && !/^(?:19|20)\d{2}$/.test(p));
  const leftovers: string[] = [];
  // When some part names a school, a part that does not is never the institution.
  const schoolNamed = parts.some((part) => INSTITUTION.test(part));
  for (const [index, part] of parts.entries()) {
    const withoutDate = part.replace(/(?:expected|graduated|graduation|class of)\s*/i, '');
    const score = SCORE.exec(withoutDate);
    if (score) {
      education.score ??= score[1].trim();
      continue;
    }
    if (!education.institution && INSTITUTION.test(withoutDate)) {
      education.institution = withoutDate.trim();
      // "University of California, Berkeley": a campus after "… of <Place>", once the area is known.
      const campus = parts[index + 1];
      if (
        campus &&
        // Only after a comma on the same line: "Economics" on a line of its own is the area.
        text.includes(`${education.institution}, ${campus}`) &&
        (education.area || !campus.includes(' ')) &&
        /\b(?:university|college|institute) of [\p{L} ]+$/iu.test(education.institution) &&
        /^[\p{Lu}][\p{L}]+(?: [\p{Lu}][\p{L}]+){0,2}$/u.test(campus) &&
        !STUDY_TYPE.test(campus)
      ) {
        education.institution += `, ${campus}`;
        parts[index + 1] = '';
      }
      continue;
    }
    if (!withoutDate.trim()) continue;
    const degree = STUDY_TYPE.exec(withoutDate);
    if (degree && (!education.studyType || !education.area)) {
      // "PhD | …, PhD in Computer Science": the degree may come twice; the area follows it.
      education.studyType ??= degree[1].trim();
      const area = withoutDate
        .slice(degree.index + degree[0].length)
        .replace(/^[\s,]*(?:in|of|,|-|–)?\s*/i, '')
        .trim();
      // "BSc (Hons) in Adult Nursing": honours and the linking word are not the area.
      const cleanArea = area
        .replace(/^\((?:hons?|honou?rs)\.?\)\s*/i, '')
        .replace(/^(?:in|of)\s+/i, '')
        .replace(/\(.*\)$/, '')
        .trim();
      if (cleanArea && !education.area) education.area = cleanArea;
      continue;
    }
    if (!education.area && education.studyType && !LOCATION_SEGMENT.test(withoutDate))
      education.area = withoutDate;
    else if (schoolNamed && !LOCATION_SEGMENT.test(withoutDate) && !findSingleDate(withoutDate))
      leftovers.push(withoutDate);
    else if (
      !schoolNamed &&
      !education.institution &&
      !LOCATION_SEGMENT.test(withoutDate) &&
      !findSingleDate(withoutDate)
    ) {
      education.institution = withoutDate;
    }
  }
  // A part beside the school that is neither degree nor place: the field of study.
  education.area ??= leftovers[0];
  for (const line of entry.body) {
    const score = SCORE.exec(line.text);
    if (score) education.score ??= score[1].trim();
    const courses = /^(?:relevant )?(?:coursework|courses)\s*:\s*(.*)$/i.exec(stripBullet(line.text));
    if (courses) education.courses.push(...splitList(courses[1]));
  }
  return education;
}

function toProject(entry: Entry): ParsedResume['projects'][number] {
  const [first = '', ...others] = entry.header;
  const urlMatch = /(https?:\/\/\S+|(?:github|gitlab)\.com\/\S+)/i.exec(
    [...entry.header, ...entry.body.map((l) => l.text)].join(' '),
  );
  const [name, ...descriptionParts] = first.split(/\s+[|–—-]\s+|:\s+/);
  return {
    name: name.trim(),
    description:
      [...descriptionParts, ...others, ...entry.body.filter((l) => !l.bullet).map((l) => l.text)]
        .join(' ')
        .trim() || undefined,
    highlights: entry.body.filter((l) => l.bullet).map((l) => stripBullet(l.text)),
    url: urlMatch?.[1],
    startDate: entry.range?.startDate,
    endDate: entry.range?.endDate,
  };
}

// ---------------------------------------------------------------- lists

function splitList(text: string): string[] {
  return text
    .split(/\s*(?:,|;|\||•|·|\u2022|\/(?=\s)|\s{3,})\s*/u)
    .map((s) =>
      s
        .replace(/^(?:and|&)\s+/i, '')
        .replace(/[.]$/, '')
        .trim(),
    )
    .filter((s) => s.length > 0 && s.length <= 60);
}

/** A proficiency printed beside a skill group ("Data | Advanced"), not a skill. */
const SKILL_LEVEL =
  /^(?:expert|advanced|intermediate|beginner|basic|proficient|novice|master|strong|working knowledge|familiar)$/i;

/**
 * Skills as groups: "Label: a, b" on one line, or a short bold label (or a group heading) on its
 * own line above the items. Lines without a label collect in a loose group.
 */
function parseSkills(lines: Line[]): ParsedResume['skills'] {
  const groups: ParsedResume['skills'] = [];
  let open: ParsedResume['skills'][number] | undefined;
  // A level alone on its line ("**Advanced**" under a group label) says nothing about the items.
  const kept = lines.filter((line) => !isLevelOnly(stripBullet(line.text)));
  for (const [index, line] of kept.entries()) {
    const text = stripBullet(line.text);
    const grouped = /^([^:]{2,40}):\s*(.+)$/.exec(text);
    if (grouped) {
      groups.push({ name: grouped[1].trim(), keywords: dropLevels(splitList(grouped[2])) });
      open = undefined;
      continue;
    }
    const next = kept[index + 1];
    // A label is bold (a bold list item too, when the items under it are not list items), or
    // carries a proficiency ("Languages Expert" above "Go Python SQL").
    // A list of "Skill Level" lines has no labels.
    const withLevel = (candidate: string) => LABEL_WITH_LEVEL.test(candidate.replace(/[|·•,]/g, ' '));
    const labelled =
      (line.strong && (!line.bullet || !next?.bullet)) ||
      (withLevel(text) && next !== undefined && !withLevel(stripBullet(next.text)));
    if (labelled && next && !next.strong && !/^[^:]{2,40}:\s/.test(next.text)) {
      const [name] = dropLevels(splitList(text));
      if (name && text.length <= 40) {
        open = { name, keywords: [] };
        groups.push(open);
        continue;
      }
    }
    const items = dropLevels(
      splitList(text.replace(/\s*\((?:expert|advanced|intermediate|beginner|basic|proficient)\)/gi, '')),
    );
    if (!open) {
      open = { name: 'Skills', keywords: [] };
      groups.push(open);
    }
    open.keywords.push(...items);
  }
  return groups.filter((g) => g.keywords.length);
}

const LABEL_WITH_LEVEL =
  /^[\p{L}][\p{L}&/ -]{1,30}\s+(?:expert|advanced|intermediate|beginner|proficient|novice)$/iu;

function isLevelOnly(text: string): boolean {
  const items = splitList(text);
  return items.length > 0 && dropLevels(items).length === 0;
}

function dropLevels(items: string[]): string[] {
  return items.filter((item) => !SKILL_LEVEL.test(item));
}

const FLUENCY =
  /\b(native|mother tongue|bilingual|fluent|full professional|professional working|professional|advanced|upper intermediate|intermediate|conversational|basic|elementary|beginner|limited working|[ABC][12])\b/i;

function parseLanguages(lines: Line[]): ParsedResume['languages'] {
  const languages: ParsedResume['languages'] = [];
  for (const line of lines) {
    for (const item of stripBullet(line.text).split(/\s*(?:,|;|\||•|·)\s*(?![^()]*\))/)) {
      const match = /^([\p{L} ]+?)\s*(?:[(:–—-]\s*(.+?)\)?)?$/u.exec(item.trim());
      if (!match || !match[1]) continue;
      const fluency = match[2]?.trim() ?? FLUENCY.exec(item)?.[1];
      languages.push({ language: match[1].trim(), ...(fluency ? { fluency } : {}) });
    }
  }
  return languages;
}

function toCertificate(text: string): ParsedResume['certificates'][number] {
  const single = findSingleDate(text);
  const withoutDate = single ? removeSpan(text, single.index, single.length) : text;
  const [name, issuer] = withoutDate.split(/\s+[|–—-]\s+|,\s+(?=[\p{Lu}])|\s*\|\s*/u);
  return {
    name: name.trim(),
    ...(issuer ? { issuer: issuer.trim() } : {}),
    ...(single ? { date: single.date } : {}),
  };
}
