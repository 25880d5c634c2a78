/**
 * Date ranges as resumes write them: "Jan 2020 – Present", "01/2019 - 03/2021", "2018-2020",
 * "March 2017 to June 2019", "2019 – now", "Sep. 2015", "Summer 2019", "2020.03 ~ 2021.07".
 * Dates come out as JSON Resume ISO strings at the precision written ("2020-01" or "2020").
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  spring: 3,
  summer: 6,
  fall: 9,
  autumn: 9,
  winter: 12,
  // German and French month names seen in European resumes.
  januar: 1,
  janvier: 1,
  februar: 2,
  fevrier: 2,
  maerz: 3,
  märz: 3,
  mars: 3,
  avril: 4,
  mai: 5,
  juni: 6,
  juin: 6,
  juli: 7,
  juillet: 7,
  aout: 8,
  août: 8,
  okt: 10,
  oktober: 10,
  dez: 12,
  dezember: 12,
  décembre: 12,
};

const MONTH_WORD =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|winter|januar|februar|märz|maerz|mai|juni|juli|okt(?:ober)?|dez(?:ember)?|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|décembre)\\.?';
const YEAR = '(?:19|20)\\d{2}';
const SINGLE_DATE =
  `(?:${MONTH_WORD}\\s*,?\\s*(?:${YEAR}|'\\d{2})` +
  `|(?:0?[1-9]|1[0-2])\\s*[/.\\-]\\s*${YEAR}` +
  `|${YEAR}\\s*[/.\\-]\\s*(?:0?[1-9]|1[0-2])(?!\\d)` +
  `|${YEAR})`;
const PRESENT =
  "(?:present|current(?:ly)?|now|today|ongoing|to date|till date|date|heute|aujourd'hui|actuel(?:lement)?)";
const RANGE_SEPARATOR = '\\s*(?:-|–|—|‒|―|~|→|to|until|till|through|thru|bis|à|au)\\s*';

const RANGE_RE = new RegExp(
  `(?<![\\p{L}\\d])(${SINGLE_DATE})${RANGE_SEPARATOR}(${SINGLE_DATE}|${PRESENT})(?![\\p{L}\\d])`,
  'iu',
);
const OPEN_RE = new RegExp(`(?<![\\p{L}\\d])(${SINGLE_DATE})\\s*[-–—]\\s*$`, 'iu');
const SINCE_RE = new RegExp(`(?<![\\p{L}\\d])(?:since|seit|depuis)\\s+(${SINGLE_DATE})(?![\\p{L}\\d])`, 'iu');
const SINGLE_RE = new RegExp(`(?<![\\p{L}\\d/.])(${SINGLE_DATE})(?![\\p{L}\\d/])`, 'iu');

export interface DateRange {
  startDate?: string;
  endDate?: string;
  /** The range ends in "Present"/"now" (JSON Resume: no endDate). */
  current: boolean;
  /** Where the range sits in the text, to remove it from the rest of the line. */
  index: number;
  length: number;
}

/** One date as an ISO string ("2020-03" or "2020"), or undefined when it isn't a date. */
export function parseSingleDate(text: string): string | undefined {
  const cleaned = text.trim().toLowerCase().replace(/\.$/, '');
  let match = /^(\p{L}+)\.?\s*,?\s*('\d{2}|\d{4})$/u.exec(cleaned);
  if (match) {
    const month = MONTHS[match[1]] ?? MONTHS[match[1].slice(0, 3)];
    if (!month) return undefined;
    const year = match[2].startsWith("'") ? 2000 + Number(match[2].slice(1)) : Number(match[2]);
    return `${year}-${String(month).padStart(2, '0')}`;
  }
  match = /^(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(cleaned);
  if (match) return isoMonth(Number(match[2]), Number(match[1]));
  match = /^(\d{4})\s*[/.-]\s*(\d{1,2})$/.exec(cleaned);
  if (match) return isoMonth(Number(match[1]), Number(match[2]));
  match = /^(\d{4})$/.exec(cleaned);
  if (match) return match[1];
  return undefined;
}

function isoMonth(year: number, month: number): string | undefined {
  if (month < 1 || month > 12) return undefined;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The first date range in a line ("Jan 2020 – Present", "since 2019"), if any. */
export function findDateRange(text: string): DateRange | undefined {
  const range = RANGE_RE.exec(text);
  if (range) {
    const startDate = parseSingleDate(range[1]);
    const isPresent = new RegExp(`^${PRESENT}$`, 'iu').test(range[2].trim());
    const endDate = isPresent ? undefined : parseSingleDate(range[2]);
    if (startDate && (isPresent || endDate)) {
      return { startDate, endDate, current: isPresent, index: range.index, length: range[0].length };
    }
  }
  // "2021-03 —" / "Mar 2021 –": a range left open at the end of the line runs to the present.
  const open = OPEN_RE.exec(text);
  if (open) {
    const startDate = parseSingleDate(open[1]);
    if (startDate) return { startDate, current: true, index: open.index, length: open[0].length };
  }
  const since = SINCE_RE.exec(text);
  if (since) {
    const startDate = parseSingleDate(since[1]);
    if (startDate) return { startDate, current: true, index: since.index, length: since[0].length };
  }
  return undefined;
}

/** A lone date ("Sep. 2015", "2018", "Graduated May 2016"): for education and certificates. */
export function findSingleDate(text: string): { date: string; index: number; length: number } | undefined {
  const match = SINGLE_RE.exec(text);
  if (!match) return undefined;
  const date = parseSingleDate(match[1]);
  return date ? { date, index: match.index, length: match[0].length } : undefined;
}

/** Removes a found date (and separators left dangling around it) from a line. */
export function removeSpan(text: string, index: number, length: number): string {
  return (text.slice(0, index) + ' ' + text.slice(index + length))
    .replace(/[\s(|,–—·•-]*\)?\s*$/u, '')
    .replace(/^\s*\(?[\s)|,–—·•-]*/u, '')
    .replace(/\(\s*\)/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
