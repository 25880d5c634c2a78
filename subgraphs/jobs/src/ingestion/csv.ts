/**
 * CSV with a header row → RawJobPosting, streamed with csv-parse (quoted commas and newlines, BOM,
 * CRLF). Header names are matched loosely ("Job Title", "job_title", "Position" → title); unknown
 * columns are ignored. A row whose column count is off is rejected with its line number.
 */
import { parse, type Parser } from 'csv-parse';
import { limitBytes, type StreamOptions } from './json-resume.js';
import {
  countryCode,
  date,
  descriptionMarkdown,
  emptyPosting,
  employmentType,
  locationFromText,
  malformedFeed,
  remotePolicy,
  text,
  textList,
  toReadable,
  type FeedSource,
  type ParsedItem,
  type RawJobPosting,
} from './posting.js';

type Field =
  | 'title'
  | 'company'
  | 'location'
  | 'city'
  | 'region'
  | 'country'
  | 'salary'
  | 'url'
  | 'description'
  | 'postedAt'
  | 'externalId'
  | 'remote'
  | 'type'
  | 'skills'
  | 'experience'
  | 'responsibilities'
  | 'qualifications';

/** Normalized header (lower case, letters and digits only) → field. */
const HEADER_FIELDS: Record<string, Field> = {
  title: 'title',
  jobtitle: 'title',
  position: 'title',
  role: 'title',
  positiontitle: 'title',
  company: 'company',
  companyname: 'company',
  employer: 'company',
  organization: 'company',
  hiringorganization: 'company',
  location: 'location',
  joblocation: 'location',
  city: 'city',
  region: 'region',
  state: 'region',
  country: 'country',
  countrycode: 'country',
  salary: 'salary',
  compensation: 'salary',
  pay: 'salary',
  salaryrange: 'salary',
  url: 'url',
  link: 'url',
  joburl: 'url',
  sourceurl: 'url',
  applyurl: 'url',
  description: 'description',
  jobdescription: 'description',
  details: 'description',
  posted: 'postedAt',
  postedat: 'postedAt',
  dateposted: 'postedAt',
  date: 'postedAt',
  posteddate: 'postedAt',
  id: 'externalId',
  externalid: 'externalId',
  jobid: 'externalId',
  reference: 'externalId',
  remote: 'remote',
  remotetype: 'remote',
  workplace: 'remote',
  workplacetype: 'remote',
  type: 'type',
  employmenttype: 'type',
  jobtype: 'type',
  skills: 'skills',
  experience: 'experience',
  responsibilities: 'responsibilities',
  qualifications: 'qualifications',
  requirements: 'qualifications',
};

export function headerField(header: string): Field | null {
  return HEADER_FIELDS[header.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? null;
}

/** Streams postings (or per-row rejections) out of a CSV feed with a header row. */
export async function* parseCsvJobs(
  source: FeedSource,
  options: StreamOptions = {},
): AsyncGenerator<ParsedItem> {
  // Rows come as arrays and the header is mapped here, so a row with the wrong column count becomes a
  // rejection in feed order (csv-parse would otherwise report it out of band).
  const parser: Parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
  });
  const input = limitBytes(toReadable(source), options.maxBytes);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let header: string[] | null = null;
  let columns: (Field | null)[] = [];
  let index = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header === null) {
        header = record;
        columns = header
          .map(headerField)
          .map((field, i, all) => (field && all.indexOf(field) === i ? field : null));
        if (!columns.includes('title')) {
          throw malformedFeed(
            'CSV_NO_TITLE_COLUMN',
            `The CSV header has no title column (found: ${header.join(', ')}; expected one of title, job title, position, role)`,
          );
        }
        continue;
      }
      const rowIndex = index++;
      if (record.length !== header.length) {
        yield {
          ok: false,
          index: rowIndex,
          reason: `row ${rowIndex + 1} has ${record.length} columns, the header has ${header.length}`,
        };
        continue;
      }
      const row: Partial<Record<Field, string>> = {};
      columns.forEach((field, i) => {
        if (field) row[field] = record[i];
      });
      yield fromCsvRow(row, rowIndex);
    }
  } catch (error) {
    if ((error as { extensions?: unknown }).extensions) throw error;
    throw malformedFeed('MALFORMED_CSV', `The CSV feed is malformed: ${(error as Error).message}`, {
      itemsRead: index,
    });
  } finally {
    input.destroy();
  }
  if (header === null) throw malformedFeed('EMPTY_FEED', 'The CSV feed is empty (no header row)');
}

function fromCsvRow(row: Partial<Record<Field, string>>, index: number): ParsedItem {
  const title = text(row.title);
  if (!title) return { ok: false, index, reason: `row ${index + 1} has no title` };
  const fromText = locationFromText(row.location);
  const city = text(row.city) ?? fromText?.city ?? null;
  const region = text(row.region) ?? fromText?.region ?? null;
  const country = countryCode(row.country) ?? fromText?.countryCode ?? null;
  const posting: RawJobPosting = {
    ...emptyPosting(title),
    company: text(row.company),
    location: city || region || country ? { city, region, countryCode: country } : null,
    remote: remotePolicy(row.remote) ?? (/\bremote\b/i.test(row.location ?? '') ? 'FULL' : null),
    employmentType: employmentType(row.type),
    description: descriptionMarkdown(row.description),
    salary: text(row.salary),
    postedAt: date(row.postedAt),
    sourceUrl: text(row.url),
    externalId: text(row.externalId),
    skills: textList(row.skills?.replace(/,/g, ';')).map((name) => ({ name, level: null, keywords: [] })),
    responsibilities: textList(row.responsibilities),
    qualifications: textList(row.qualifications),
    experience: text(row.experience),
  };
  return { ok: true, index, posting };
}
