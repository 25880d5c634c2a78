import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from '@hiregraph/platform/redis';
import { DEFAULT_MATCH_THRESHOLD } from '@hiregraph/platform/match-threshold';
import { parseInput } from '@hiregraph/platform/validation';
import { UserPreferences } from './preferences.entity.js';
import type { EventData } from '@hiregraph/platform/events/catalog';
import type { OutboxRelay } from '@hiregraph/platform/events/outbox';
import { transactionWithEvents, type Emit } from '@hiregraph/platform/events/transaction';
import {
  DigestFrequency,
  RemotePolicy,
  Seniority,
  Theme,
  type Preferences,
  type UpdatePreferencesInput,
} from './preferences.types.js';

export const DEFAULT_PREFERENCES: Preferences = {
  theme: Theme.SYSTEM,
  locale: 'en-US',
  notifications: {
    emailOnMatch: true,
    weeklyDigest: true,
    matchDigest: DigestFrequency.DAILY,
    productNews: false,
  },
  jobSearch: {
    desiredTitles: [],
    locations: [],
    remotePolicy: RemotePolicy.ANY,
    minimumSalary: null,
    salaryCurrency: null,
    openToRecruiters: false,
    seniority: null,
    matchThreshold: DEFAULT_MATCH_THRESHOLD,
  },
};

const shortList = z.array(z.string().trim().min(1).max(100)).max(20);
const updateSchema = z.object({
  theme: z.enum(Theme).optional(),
  locale: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'locale must be a BCP 47 tag such as en-US')
    .optional(),
  notifications: z
    .object({
      emailOnMatch: z.boolean(),
      weeklyDigest: z.boolean(),
      matchDigest: z.enum(DigestFrequency),
      productNews: z.boolean(),
    })
    .partial()
    .optional(),
  jobSearch: z
    .object({
      desiredTitles: shortList,
      locations: shortList,
      remotePolicy: z.enum(RemotePolicy),
      minimumSalary: z.number().int().min(0).max(100_000_000).nullable(),
      salaryCurrency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'salaryCurrency must be an ISO 4217 code such as EUR')
        .nullable(),
      openToRecruiters: z.boolean(),
      seniority: z.enum(Seniority).nullable(),
      matchThreshold: z
        .number()
        .int()
        .min(0, 'matchThreshold must be between 0 and 100')
        .max(100, 'matchThreshold must be between 0 and 100'),
    })
    .partial()
    .optional(),
});

/** Cache key required by the product: personal:preferences:{userId}. */
export const preferencesCacheKey = (userId: string) => `personal:preferences:${userId}`;

/** Preferences, read through a Redis cache (1 h) that every write refreshes. */
export class PreferencesService {
  constructor(
    private readonly em: EntityManager,
    private readonly redis: Redis,
    private readonly cacheTtlSeconds: number,
    private readonly outbox: OutboxRelay,
  ) {}

  async get(userId: string): Promise<Preferences> {
    const cached = await this.redis.get(preferencesCacheKey(userId));
    if (cached) return JSON.parse(cached) as Preferences;
    const row = await this.em.findOne(UserPreferences, { userId });
    const preferences = row ? withDefaults(row.document) : DEFAULT_PREFERENCES;
    // NX: a write that committed meanwhile has cached the newer value; never overwrite it with ours.
    await this.redis.set(
      preferencesCacheKey(userId),
      JSON.stringify(preferences),
      'EX',
      this.cacheTtlSeconds,
      'NX',
    );
    return preferences;
  }

  async update(userId: string, input: UpdatePreferencesInput): Promise<Preferences> {
    const changes = parseInput(updateSchema, input);
    const next = await transactionWithEvents(this.em.fork(), this.outbox, async (tx, emit) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`preferences:${userId}`]);
      const row = await tx.findOne(UserPreferences, { userId });
      const current = row ? withDefaults(row.document) : DEFAULT_PREFERENCES;
      const merged: Preferences = {
        theme: changes.theme ?? current.theme,
        locale: changes.locale ?? current.locale,
        notifications: { ...current.notifications, ...stripUndefined(changes.notifications) },
        jobSearch: { ...current.jobSearch, ...stripUndefined(changes.jobSearch) },
      };
      await tx.upsert(UserPreferences, { userId, document: merged, updatedAt: new Date() });
      await announceJobSearchChange(emit, userId, current, merged);
      return merged;
    });
    await this.cache(userId, next);
    return next;
  }

  async reset(userId: string): Promise<Preferences> {
    await transactionWithEvents(this.em.fork(), this.outbox, async (tx, emit) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`preferences:${userId}`]);
      const row = await tx.findOne(UserPreferences, { userId });
      if (!row) return;
      await tx.nativeDelete(UserPreferences, { userId });
      await announceJobSearchChange(emit, userId, withDefaults(row.document), DEFAULT_PREFERENCES);
    });
    await this.cache(userId, DEFAULT_PREFERENCES);
    return DEFAULT_PREFERENCES;
  }

  /** Writers replace the cached value (rather than deleting it), so a slower reader cannot restore an old one. */
  private async cache(userId: string, preferences: Preferences): Promise<void> {
    await this.redis.set(
      preferencesCacheKey(userId),
      JSON.stringify(preferences),
      'EX',
      this.cacheTtlSeconds,
    );
  }
}

/** What matching needs of the job-search preferences (the event's data). */
export function jobSearchEventData(
  userId: string,
  preferences: Preferences,
): EventData<'user.preferences_updated'> {
  const { jobSearch } = preferences;
  return {
    userId,
    desiredTitles: jobSearch.desiredTitles,
    locations: jobSearch.locations,
    remotePolicy: jobSearch.remotePolicy,
    minimumSalary: jobSearch.minimumSalary,
    salaryCurrency: jobSearch.salaryCurrency,
    seniority: jobSearch.seniority,
    openToRecruiters: jobSearch.openToRecruiters,
    matchThreshold: jobSearch.matchThreshold,
  };
}

/** Emits user.preferences_updated when the job-search part changed (theme or locale alone do not). */
async function announceJobSearchChange(
  emit: Emit,
  userId: string,
  before: Preferences,
  after: Preferences,
): Promise<void> {
  const next = jobSearchEventData(userId, after);
  if (JSON.stringify(jobSearchEventData(userId, before)) === JSON.stringify(next)) return;
  await emit('user.preferences_updated', next);
}

export function withDefaults(document: Partial<Preferences>): Preferences {
  return {
    ...DEFAULT_PREFERENCES,
    ...document,
    notifications: { ...DEFAULT_PREFERENCES.notifications, ...document.notifications },
    jobSearch: { ...DEFAULT_PREFERENCES.jobSearch, ...document.jobSearch },
  };
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
