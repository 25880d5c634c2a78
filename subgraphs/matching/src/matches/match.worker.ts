import type { EntityManager } from '@mikro-orm/postgresql';
import { transactionWithEvents } from '@hiregraph/platform/events/transaction';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import type { MatchingServices } from '../services.js';
import { MatchService } from './match.service.js';

/**
 * Works the recompute queue: every due request (debounced by the consumers) is claimed with
 * `for update skip locked`, so replicas share the work, and recomputed in the transaction that
 * deletes it — a failure leaves it queued. Returns a function that stops the loop.
 */
export function startMatchWorker(
  runtime: SubgraphRuntime,
  { settings, embedder }: MatchingServices,
): () => Promise<void> {
  const { MATCHING_POLL_MS } = settings;
  const model = embedder.model;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let claimed: { kind: string; subject_id: string } | undefined;

  const step = async (): Promise<boolean> => {
    return transactionWithEvents(
      runtime.orm.em.fork() as EntityManager,
      runtime.outbox,
      'matching',
      async (tx, emit) => {
        const [due] = await tx.execute<{ kind: 'resume' | 'job'; subject_id: string }[]>(
          `select kind, subject_id from match_queue where due_at <= now()
         order by due_at limit 1 for update skip locked`,
        );
        if (!due) return false;
        claimed = due;
        if (due.kind === 'resume') await MatchService.recomputeResume(tx, emit, model, due.subject_id);
        else await MatchService.recomputeJob(tx, emit, model, due.subject_id);
        return true;
      },
    );
  };

  const loop = async () => {
    try {
      while (!stopped && (await step()));
    } catch (error) {
      runtime.logger.error({ err: error, request: claimed }, 'match recompute failed; retrying later');
      // Behind the rest of the queue, so one failing request does not hold up the others.
      if (claimed) {
        await runtime.orm.em
          .fork()
          .getConnection()
          .execute(
            "update match_queue set due_at = now() + interval '30 seconds' where kind = ? and subject_id = ?",
            [claimed.kind, claimed.subject_id],
          )
          .catch(() => undefined);
      }
    }
    if (!stopped) timer = setTimeout(() => (running = loop()), MATCHING_POLL_MS);
  };
  running = loop();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
