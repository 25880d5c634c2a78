import { UserRateLimit } from '@hiregraph/platform/rate-limit';
import type { Redis } from '@hiregraph/platform/redis';
import type { ExportSettings } from '../environment.js';

export type ExportKind = 'pdf' | 'backup';

export type ExportLimits = Record<ExportKind, UserRateLimit>;

/**
 * The per-user export allowances (RATE_LIMITED once spent), counted in Redis: each export renders
 * or zips on the server and stores an object, so an unlimited caller could fill storage and the CPU.
 * Built once per process (services.ts).
 */
export function createExportLimits(redis: Redis, settings: ExportSettings): ExportLimits {
  return {
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
}
