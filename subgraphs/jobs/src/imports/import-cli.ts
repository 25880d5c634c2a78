import 'reflect-metadata';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Transform } from 'node:stream';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startSubgraph } from '@hiregraph/platform/subgraph/service';
import { loadImportCliConfig } from '../environment.js';
import { jobsSubgraph } from '../subgraph.js';
import { JobImport, JobImportFormat, JobImportStatus } from './job-import.entity.js';
import { JobImportService } from './job-import.service.js';

const USAGE =
  'usage: npm run jobs:import -- FILE [--format csv|json|html|urls] [--source NAME] [--partial]\n' +
  '  --format   defaults from the file extension (.csv, .json/.jsonl, .html/.htm, .txt = URL list)\n' +
  '  --source   the source name (default: the file name without extension)\n' +
  "  --partial  the file is not the source's complete list: close nothing it lacks";

const FORMATS: Record<string, JobImportFormat> = {
  csv: JobImportFormat.CSV,
  json: JobImportFormat.JSON_RESUME,
  jsonl: JobImportFormat.JSON_RESUME,
  html: JobImportFormat.HTML,
  htm: JobImportFormat.HTML,
  urls: JobImportFormat.URLS,
  txt: JobImportFormat.URLS,
};

/**
 * Bulk import from a file, for feeds too large for a request: runs the jobs subgraph's runtime in
 * this process (same environment as the subgraph: its database, NATS, Redis and S3), streams the
 * file into the import worker, and stores the batches with its own ingestion consumer (sharing the
 * durable consumer with a running jobs subgraph, if any). Shows a progress bar of bytes read and
 * postings stored; exits 0 when the import COMPLETED.
 */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string' }, source: { type: 'string' }, partial: { type: 'boolean' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [file] = parsed.positionals;
  if (!file || parsed.positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const extension = (parsed.values.format ?? extname(file).slice(1)).toLowerCase();
  const format = FORMATS[extension];
  if (!format) {
    console.error(`Unknown format "${extension}"\n${USAGE}`);
    return 2;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const source = parsed.values.source ?? basename(file, extname(file));

  // A one-off process: it leaves lost imports to the jobs subgraph, which outlives it.
  const running = await startSubgraph(jobsSubgraph, loadImportCliConfig());
  const bar = new cliProgress.SingleBar(
    {
      format:
        '{bar} {percentage}% of {size} | read {received} | new {new} updated {updated} duplicate {duplicate} rejected {rejected} | {rate} jobs/s',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const startedAt = Date.now();
  try {
    let bytesRead = 0;
    const counting = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytesRead += chunk.length;
        done(null, chunk);
      },
    });
    const stream = createReadStream(file).pipe(counting);
    const em = running.runtime.orm.em.fork() as EntityManager;
    const service = new JobImportService(em, running.services.worker);
    const job = await service.start(
      null,
      { format, source, fullFeed: !parsed.values.partial },
      { kind: 'data', source: stream },
    );
    bar.start(size || 1, 0, {
      size: `${(size / 1e6).toFixed(1)} MB`,
      received: 0,
      new: 0,
      updated: 0,
      duplicate: 0,
      rejected: 0,
      rate: 0,
    });
    let status: JobImport;
    for (;;) {
      status = (await em.fork().findOneOrFail(JobImport, { id: job.id }))!;
      const stored = status.inserted + status.updated + status.duplicate;
      bar.update(Math.min(bytesRead, size || 1), {
        received: status.received,
        new: status.inserted,
        updated: status.updated,
        duplicate: status.duplicate,
        rejected: status.rejected,
        rate: Math.round(stored / Math.max(0.001, (Date.now() - startedAt) / 1000)),
      });
      if (status.status === JobImportStatus.COMPLETED || status.status === JobImportStatus.FAILED) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    bar.stop();
    const seconds = (Date.now() - startedAt) / 1000;
    console.log(
      `${status.status} in ${seconds.toFixed(1)} s: received ${status.received}, new ${status.inserted}, ` +
        `updated ${status.updated}, duplicate ${status.duplicate}, rejected ${status.rejected}, closed ${status.closed}` +
        ` (import ${status.id})`,
    );
    for (const rejection of status.rejections.slice(0, 10))
      console.log(`  item ${rejection.index}: ${rejection.reason}`);
    if (status.error) console.error(status.error);
    console.log('Publishing the job events…');
    return status.status === JobImportStatus.COMPLETED ? 0 : 1;
  } finally {
    bar.stop();
    await running.stop();
  }
}

process.exitCode = await main(process.argv.slice(2));
