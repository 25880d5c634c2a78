import type { EntityManager } from '@mikro-orm/postgresql';

/** What a queued recompute is about: a resume's matches, or the resumes a job could match. */
export type RecomputeKind = 'resume' | 'job';

/**
 * Asks for a recompute after `debounceMs`. A request already waiting is pushed back, so a burst of
 * edits is recomputed once, after the burst.
 */
export async function enqueueRecompute(
  tx: EntityManager,
  kind: RecomputeKind,
  subjectId: string,
  debounceMs: number,
): Promise<void> {
  await tx.execute(
    `insert into match_queue (kind, subject_id, due_at) values (?, ?, now() + (? || ' milliseconds')::interval)
     on conflict (kind, subject_id) do update set due_at = excluded.due_at`,
    [kind, subjectId, String(debounceMs)],
  );
}

export async function dequeue(tx: EntityManager, kind: RecomputeKind, subjectId: string): Promise<void> {
  await tx.execute('delete from match_queue where kind = ? and subject_id = ?', [kind, subjectId]);
}
