import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmbeddingProvider } from '@hiregraph/ai/embeddings';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { upsertJobEmbeddings } from '../matches/candidates.js';
import { enqueueRecompute } from '../matches/queue.js';
import { jobEmbeddingText } from '../job-profiles/job-profile.service.js';
import { ResumeProfileService } from '../resume-profiles/resume-profile.service.js';
import type { MatchingServices } from '../services.js';
import { pgQueryableOf } from '@hiregraph/platform/db/pg-queryable';

export interface ReembedProgress {
  model: string;
  dimensions: number;
  running: boolean;
  jobsTotal: number;
  jobsEmbedded: number;
  resumesTotal: number;
  resumesEmbedded: number;
  /** Vectors of other models still stored (dropped once everything is re-embedded). */
  staleVectors: number;
}

/** Whether this process's re-embedding is running (one per process, in its services). */
export interface ReembedState {
  running: boolean;
}

const count = async (em: EntityManager, sql: string, values: unknown[] = []) =>
  Number((await em.execute<{ count: string }[]>(sql, values))[0].count);

/**
 * Re-embedding when the configured model (EMBEDDINGS_*) differs from the stored vectors': a
 * background job embeds open postings and resumes in batches with the new model, then drops the
 * old vectors. Ranking uses the configured model's vectors only, so matches fill in as it runs.
 */
export class ReembedService {
  static async progress(
    em: EntityManager,
    { embedder: provider, reembedding }: MatchingServices,
  ): Promise<ReembedProgress> {
    const model = provider.model;
    return {
      model,
      dimensions: provider.dimensions,
      running: reembedding.running,
      jobsTotal: await count(em, 'select count(*) from job_profiles where closed_at is null'),
      jobsEmbedded: await count(
        em,
        `select count(*) from job_profiles p join job_embeddings e on e.job_id = p.job_id and e.model = ?
         where p.closed_at is null`,
        [model],
      ),
      resumesTotal: await count(em, 'select count(*) from resume_profiles'),
      resumesEmbedded: await count(em, 'select count(*) from resume_vectors where model = ?', [model]),
      staleVectors:
        (await count(em, 'select count(*) from job_embeddings where model <> ?', [model])) +
        (await count(em, 'select count(*) from resume_vectors where model <> ?', [model])),
    };
  }

  /** Embeds one batch; false when nothing is left (and the old vectors are gone). */
  static async step(
    tx: EntityManager,
    provider: EmbeddingProvider,
    batch: number,
    debounceMs: number,
  ): Promise<boolean> {
    const jobs = await tx.execute<any[]>(
      `select * from job_profiles p where closed_at is null
         and not exists (select 1 from job_embeddings e where e.job_id = p.job_id and e.model = ?)
       order by job_id limit ? for update skip locked`,
      [provider.model, batch],
    );
    if (jobs.length > 0) {
      const vectors = await provider.embed(
        jobs.map((job) =>
          jobEmbeddingText({
            title: job.title,
            requiredSkills: job.required_skills ?? [],
            preferredSkills: job.preferred_skills ?? [],
            description: job.description,
          }),
        ),
      );
      await upsertJobEmbeddings(
        pgQueryableOf(tx),
        jobs.map((job, index) => ({
          jobId: job.job_id,
          model: provider.model,
          embedding: vectors[index],
          contentHash: job.content_hash,
          open: true,
        })),
      );
      for (const job of jobs) await enqueueRecompute(tx, 'job', job.job_id, debounceMs);
      return true;
    }
    const resumes = await tx.execute<{ resume_id: string; owner_id: string }[]>(
      `select resume_id, owner_id from resume_profiles p
       where not exists (select 1 from resume_vectors v where v.resume_id = p.resume_id and v.model = ?)
       order by resume_id limit ? for update skip locked`,
      [provider.model, batch],
    );
    for (const resume of resumes) {
      const chunks = await tx.execute<{ id: string; kind: string; text: string }[]>(
        `select distinct on (chunk_id) chunk_id as id, kind, text from resume_chunks
         where resume_id = ? order by chunk_id`,
        [resume.resume_id],
      );
      if (chunks.length === 0) continue;
      await ResumeProfileService.embed(tx, provider, resume.resume_id, resume.owner_id, chunks);
      await enqueueRecompute(tx, 'resume', resume.resume_id, debounceMs);
    }
    if (resumes.length > 0) return true;
    await tx.execute('delete from job_embeddings where model <> ?', [provider.model]);
    await tx.execute('delete from resume_vectors where model <> ?', [provider.model]);
    await tx.execute('delete from resume_chunks where model <> ?', [provider.model]);
    return false;
  }

  /** Runs the re-embedding in the background until done; returns a function that stops it. */
  static start(
    runtime: SubgraphRuntime,
    { settings, embedder: provider, reembedding }: MatchingServices,
  ): () => Promise<void> {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    reembedding.running = true;
    const loop = async (): Promise<void> => {
      while (!stopped) {
        try {
          const more = await (runtime.orm.em.fork() as EntityManager).transactional((tx) =>
            ReembedService.step(
              tx,
              provider,
              settings.MATCHING_REEMBED_BATCH_SIZE,
              settings.MATCHING_DEBOUNCE_MS,
            ),
          );
          if (!more) break;
        } catch (error) {
          runtime.logger.error({ err: error }, 're-embedding step failed; retrying');
        }
        await new Promise<void>((resolve) => {
          timer = setTimeout(resolve, settings.MATCHING_REEMBED_PAUSE_MS);
        });
      }
      reembedding.running = false;
    };
    const done = loop();
    return async () => {
      stopped = true;
      clearTimeout(timer);
      await done;
    };
  }
}
