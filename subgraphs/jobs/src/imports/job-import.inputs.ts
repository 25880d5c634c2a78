import { Field, InputType } from 'type-graphql';
import { JobImportFormat } from './job-import.entity.js';

@InputType({
  description:
    'A feed to import: exactly one of data (inline, capped by the request size limit) or url (fetched and streamed). URLS: data holds page URLs, one per line.',
})
export class ImportJobsInput {
  @Field(() => JobImportFormat)
  format!: JobImportFormat;

  @Field(() => String, {
    nullable: true,
    description: 'The feed itself (JSON Resume, CSV, one HTML page, or URL lines).',
  })
  data?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where to fetch the feed (JSON_RESUME, CSV) or the page (HTML).',
  })
  url?: string | null;

  @Field({ description: "The source's name; the importer finds its items again by (source, externalId)." })
  source!: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description:
      "The feed is the source's complete list: once the import completes, the source's open postings it did not contain are closed (EXPIRED). False for partial feeds.",
  })
  fullFeed?: boolean | null;
}
