import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, type AuthContext } from '@hiregraph/platform/auth/guards';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { badUserInput } from '@hiregraph/platform/errors';
import { parseInput } from '@hiregraph/platform/validation';
import { JobImport, JobImportFormat } from './job-import.entity.js';
import type { ImportJobsInput } from './job-import.inputs.js';
import type { FeedInput, ImportWorker } from './import-worker.js';
import { claimSource } from './job-source.js';

const importSchema = z.object({
  format: z.enum(JobImportFormat),
  data: z.string().nullish(),
  url: z
    .url({ protocol: /^https?$/, message: 'url must be an http(s) URL' })
    .max(2000)
    .nullish(),
  source: z
    .string()
    .trim()
    .min(1, 'Source is required')
    .max(100)
    .regex(/^[\w.:@/-]+$/, 'Source may hold letters, digits and . _ - : @ /'),
  fullFeed: z.boolean().nullish(),
});

export class JobImportService {
  constructor(
    private readonly em: EntityManager,
    private readonly worker: ImportWorker,
  ) {}

  /**
   * Queues an import and starts reading it in this process; returns at once (QUEUED). `createdBy`
   * is null for the operator CLI. FORBIDDEN when the source belongs to another importer. The feed is streamed: see ImportWorker.
   */
  async start(
    createdBy: Viewer | null,
    input: ImportJobsInput,
    feedOverride?: FeedInput,
  ): Promise<JobImport> {
    const change = parseInput(importSchema, input);
    const hasData = change.data != null && change.data !== '';
    const hasUrl = change.url != null;
    if (!feedOverride && hasData === hasUrl) {
      throw badUserInput('Give exactly one of data or url', { field: hasData ? 'url' : 'data' });
    }
    if (!feedOverride && change.format === JobImportFormat.URLS && !hasData) {
      throw badUserInput('URLS takes the page URLs in data, one per line', { field: 'data' });
    }
    const job = await this.em.transactional(async (tx) => {
      await claimSource(tx, change.source, createdBy);
      const created = tx.create(JobImport, {
        createdById: createdBy?.id ?? null,
        format: change.format,
        source: change.source,
        url: hasUrl ? change.url : null,
        fullFeed: change.fullFeed ?? true,
      });
      tx.persist(created);
      return created;
    });
    const feed: FeedInput =
      feedOverride ?? (hasUrl ? { kind: 'url', url: change.url! } : { kind: 'data', source: change.data! });
    void this.worker.run(
      { id: job.id, format: job.format, source: job.source, fullFeed: job.fullFeed },
      feed,
    );
    return job;
  }

  /** Its creator or an admin (imports from the CLI: admins). */
  async get(ctx: AuthContext, id: string): Promise<JobImport | null> {
    const job = await this.em.findOne(JobImport, { id });
    if (!job) return null;
    assertOwnerOrAdmin(ctx, job.createdById ?? '');
    return job;
  }
}
