import { z } from 'zod';
import { limitSettingsSchema } from '@hiregraph/ai/limits';
import { llmConfigSchema } from '@hiregraph/ai/llm';
import { DEFAULT_PORTS, loadConfig, portSetting } from '@hiregraph/platform/config';
import {
  loadSubgraphConfig,
  subgraphConfigSchema,
  type SubgraphConfig,
} from '@hiregraph/platform/subgraph/service';

/**
 * Every environment variable the resumes subgraph reads, and the only file of subgraphs/resumes
 * that reads `process.env`. The platform's variables (database, NATS, Redis, S3, tokens, limits:
 * see libs/platform/src/config.ts and libs/platform/src/subgraph/service.ts) and the AI providers' (libs/ai/src/)
 * come from libs, extended here with the subgraph's own; README.md has a row for each (checked by
 * environment.test.ts).
 */

/**
 * How often a user may generate files, and how long the files stay. Each export renders or zips on
 * the server and stores an object, so an unlimited caller could fill storage and the CPU.
 */
const exportSettingsSchema = z.object({
  EXPORT_PDF_PER_HOUR: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('PDF exports (exportResumePdf) one user may make per hour.'),
  EXPORT_BACKUPS_PER_DAY: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('Data exports (exportMyData) one user may make per day.'),
  EXPORT_PDF_RETENTION_MINUTES: z.coerce
    .number()
    .int()
    .min(15)
    .default(60)
    .describe(
      'How long an exported PDF is kept; it is reachable only through its 15-minute link, so it need not outlive it by much.',
    ),
  EXPORT_BACKUP_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .default(7)
    .describe('How long a data export is kept (myBackups lists it with fresh links until then).'),
  EXPORT_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(10 * 60_000)
    .describe('Gap between two sweeps of expired exports.'),
});
export type ExportSettings = z.infer<typeof exportSettingsSchema>;

const PLATFORM_AI = 'Shared with every subgraph that calls a model (libs/ai/src/';

/** The language model tailoring calls (libs/ai/src/llm.ts), described here for the settings table. */
const llmSettings = {
  LLM_PROVIDER: llmConfigSchema.shape.LLM_PROVIDER.describe(
    `\`local\`: deterministic templates, no network; \`openai\`: any OpenAI-compatible server. ${PLATFORM_AI}llm.ts).`,
  ),
  LLM_MODEL: llmConfigSchema.shape.LLM_MODEL.describe(
    `Chat model for the openai provider (gpt-4o-mini unless set). ${PLATFORM_AI}llm.ts).`,
  ),
  LLM_BASE_URL: llmConfigSchema.shape.LLM_BASE_URL.describe(
    `Chat endpoint for the openai provider; OPENAI_BASE_URL unless set. ${PLATFORM_AI}llm.ts).`,
  ),
  OPENAI_BASE_URL: llmConfigSchema.shape.OPENAI_BASE_URL.describe(
    `OpenAI-compatible endpoint, used when LLM_BASE_URL is not set. ${PLATFORM_AI}llm.ts).`,
  ),
  LLM_API_KEY: llmConfigSchema.shape.LLM_API_KEY.describe(
    `API key of the chat endpoint; OPENAI_API_KEY unless set. ${PLATFORM_AI}llm.ts).`,
  ),
  OPENAI_API_KEY: llmConfigSchema.shape.OPENAI_API_KEY.describe(
    `API key used when LLM_API_KEY is not set. ${PLATFORM_AI}llm.ts).`,
  ),
  LLM_TIMEOUT_MS: llmConfigSchema.shape.LLM_TIMEOUT_MS.describe(
    `Timeout of one model call. ${PLATFORM_AI}llm.ts).`,
  ),
  LLM_MAX_RETRIES: llmConfigSchema.shape.LLM_MAX_RETRIES.describe(
    `Retries of 408/409/429/5xx and connection errors (exponential backoff). ${PLATFORM_AI}llm.ts).`,
  ),
};

/** Per-user AI limits (libs/ai/src/limits.ts): tailoring spends them like every AI operation. */
const aiLimitDescriptions: Record<keyof typeof limitSettingsSchema.shape, string> = {
  AI_RATE_PER_MINUTE_USER: 'AI operations a USER may start per minute (each operation counted on its own).',
  AI_DAILY_QUOTA_USER: 'AI operations a USER may start per UTC day (each operation counted on its own).',
  AI_RATE_PER_MINUTE_RECRUITER: 'AI operations a RECRUITER may start per minute.',
  AI_DAILY_QUOTA_RECRUITER: 'AI operations a RECRUITER may start per UTC day.',
  AI_RATE_PER_MINUTE_ADMIN: 'AI operations an ADMIN may start per minute.',
  AI_DAILY_QUOTA_ADMIN: 'AI operations an ADMIN may start per UTC day.',
};
const aiLimitSettings = Object.fromEntries(
  Object.entries(limitSettingsSchema.shape).map(([name, schema]) => [
    name,
    schema.describe(
      `${aiLimitDescriptions[name as keyof typeof aiLimitDescriptions]} ${PLATFORM_AI}limits.ts).`,
    ),
  ]),
) as typeof limitSettingsSchema.shape;

/** Every variable the resumes subgraph reads: the platform's (from @hiregraph/platform), its port, and its own. */
export const resumesEnvironmentSchema = subgraphConfigSchema.extend({
  RESUMES_PORT: portSetting(DEFAULT_PORTS.resumes).describe(
    'Port of the resumes subgraph (0: any free port).',
  ),
  ...exportSettingsSchema.shape,
  ...llmSettings,
  ...aiLimitSettings,
});

/** The platform config of the resumes subgraph (what platform's start-up reads) from `env`. */
export function loadResumesConfig(env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  return loadSubgraphConfig('resumes', env);
}

/** The export limits and retention, from the environment its platform config was read from. */
export function loadExportSettings(config: Pick<SubgraphConfig, 'env'>): ExportSettings {
  return loadConfig(exportSettingsSchema, config.env);
}

/**
 * The environment of the import's sandboxed reader (imports/isolated-extract.ts): only NODE_ENV,
 * production unless set, so no secret of the subgraph's environment reaches a hostile file's reader.
 */
export function readerEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { NODE_ENV: env.NODE_ENV ?? 'production' };
}

/**
 * Where the import corpus lives for the corpus tests and `npm run eval:import`
 * (imports/testing/resume-corpus.ts): HIREGRAPH_RESUME_CORPUS, else the checkout's test/corpus/resumes/.
 * A tool's variable, not the subgraph's, so it has no row in the settings table.
 */
export function resumeCorpusOverride(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.HIREGRAPH_RESUME_CORPUS || undefined;
}
