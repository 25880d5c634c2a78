import type { EntityManager } from '@mikro-orm/postgresql';
import { isBuried } from '@hiregraph/platform/db/tombstones';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { pgArray } from '../matches/projections.js';
import { enqueueRecompute } from '../matches/queue.js';

/** An owner's job-search preferences, as ranking and announcements use them. */
export class OwnerPreferenceService {
  static async project(
    tx: EntityManager,
    data: EventData<'user.preferences_updated'>,
    occurredAt: Date,
    debounceMs: number,
  ): Promise<void> {
    if (await isBuried(tx, 'user', data.userId)) return;
    const rows = await tx.execute(
      `insert into owner_preferences (owner_id, remote, locations, salary_min, salary_currency, desired_titles,
         open_to_recruiters, match_threshold, seniority, updated_at)
       values (?, ?, ?::text[], ?, ?, ?::text[], ?, ?, ?, ?)
       on conflict (owner_id) do update set remote = excluded.remote, locations = excluded.locations,
         salary_min = excluded.salary_min, salary_currency = excluded.salary_currency,
         desired_titles = excluded.desired_titles, open_to_recruiters = excluded.open_to_recruiters,
         match_threshold = excluded.match_threshold, seniority = excluded.seniority, updated_at = excluded.updated_at
       where owner_preferences.updated_at <= excluded.updated_at
       returning owner_id`,
      [
        data.userId,
        data.remotePolicy,
        pgArray(data.locations),
        data.minimumSalary,
        data.salaryCurrency,
        pgArray(data.desiredTitles),
        data.openToRecruiters,
        data.matchThreshold,
        data.seniority,
        occurredAt,
      ],
    );
    if (rows.length === 0) return;
    // The owner's resumes are ranked with these preferences: recompute them.
    const resumes = await tx.execute<{ resume_id: string }[]>(
      'select resume_id from resume_profiles where owner_id = ?',
      [data.userId],
    );
    for (const { resume_id } of resumes) await enqueueRecompute(tx, 'resume', resume_id, debounceMs);
  }

  static async forget(tx: EntityManager, ownerId: string): Promise<void> {
    await tx.execute('delete from owner_preferences where owner_id = ?', [ownerId]);
  }
}
