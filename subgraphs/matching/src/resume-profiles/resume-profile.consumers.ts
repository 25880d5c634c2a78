import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import { observeJob } from '@hiregraph/platform/observability/metrics';
import type { MatchingServices } from '../services.js';
import { enqueueRecompute } from '../matches/queue.js';
import { ResumeProfileService } from './resume-profile.service.js';

/** Parsed resumes become profiles and vectors; an edit (resume.updated) is followed by its resume.parsed. */
export async function subscribeResumeProfileEvents(
  runtime: SubgraphRuntime,
  { settings, embedder }: MatchingServices,
): Promise<void> {
  const { MATCHING_DEBOUNCE_MS } = settings;
  await consumeOnce(runtime, 'resume.parsed', 'resume_profiles', (event, tx) =>
    observeJob('resume_embedding', () =>
      ResumeProfileService.project(tx, embedder, event.data, MATCHING_DEBOUNCE_MS),
    ),
  );
  // A change without new content (visibility, order) may still be worth a fresh look, debounced.
  await consumeOnce(runtime, 'resume.updated', 'resume_updates', async (event, tx: EntityManager) => {
    const [known] = await tx.execute('select 1 from resume_profiles where resume_id = ?', [
      event.data.resumeId,
    ]);
    if (known) await enqueueRecompute(tx, 'resume', event.data.resumeId, MATCHING_DEBOUNCE_MS);
  });
}
