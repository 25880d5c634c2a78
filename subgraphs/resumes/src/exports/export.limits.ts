import { z } from 'zod';
import { UserRateLimit } from '@hiregraph/libs/rate-limit';
import type { Redis } from '@hiregraph/libs/redis';

/**
 * How often a user may generate files, and how long the files stay. Each export renders or zips on
 * the server and stores an object, so an unlimited caller could fill storage and the CPU.
 */
const exportSettingsSchema = z.object({
  EXPORT_PDF_PER_HOUR: z.coerce.number().int().min(1).default(20),
  EXPORT_BACKUPS_PER_DAY: z.coerce.number().int().min(1).default(5),
  /** A PDF is reachable only through its 15-minute link, so it need not outlive it by much. */
  EXPORT_PDF_RETENTION_MINUTES: z.coerce.number().int().min(15).default(60),
  /** Archives are listed by myBackups with fresh links until they expire. */
  EXPORT_BACKUP_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  EXPORT_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(10 * 60_000),
});
export type ExportSettings = z.infer<typeof exportSettingsSchema>;

export const exportSettings = (env: NodeJS.ProcessEnv): ExportSettings => exportSettingsSchema.parse(env);

export type ExportKind = 'pdf' | 'backup';

const limitsByRedis = new WeakMap<Redis, Record<ExportKind, UserRateLimit>>();

/** The per-user export allowances (RATE_LIMITED once spent), one set per Redis connection. */
export function exportLimitsFor(redis: Redis, settings: ExportSettings): Record<ExportKind, UserRateLimit> {
  let limits = limitsByRedis.get(redis);
  if (!limits) {
    limits = {
      pdf: new UserRateLimit(redis, {
        name: 'export-limit:pdf',
        points: settings.EXPORT_PDF_PER_HOUR,
        durationSeconds: 3600,
        what: 'PDF exports',
      }),
      backup: new UserRateLimit(redis, {
        name: 'export-limit:backup',
        points: settings.EXPORT_BACKUPS_PER_DAY,
        durationSeconds: 86_400,
        what: 'data exports',
      }),
    };
    limitsByRedis.set(redis, limits);
  }
  return limits;
}
