import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden } from '@hiregraph/platform/auth/guards';
import type { Viewer } from '@hiregraph/platform/auth/viewer';

/**
 * A source belongs to whoever first imported it: a full feed closes the source's postings it lacks
 * and overwrites the others, so another recruiter reusing the name would take them over. Admins and
 * the operator CLI (`importer` null) may import into any source; a source first claimed by them is
 * the operator's, which no recruiter may use. Runs in the transaction that records the import, so two
 * first imports racing for one name claim it once (the primary key), and the loser is refused.
 */
export async function claimSource(tx: EntityManager, source: string, importer: Viewer | null): Promise<void> {
  const operator = importer === null || importer.role === 'ADMIN';
  await tx.execute(
    `insert into job_sources (source, owner_id) values (?, ?) on conflict (source) do nothing`,
    [source, operator ? null : importer.id],
  );
  if (operator) return;
  const [row] = await tx.execute<{ owner_id: string | null }[]>(
    'select owner_id from job_sources where source = ?',
    [source],
  );
  if (row?.owner_id !== importer.id) {
    throw forbidden(`The source "${source}" belongs to another importer; choose another source name`);
  }
}
