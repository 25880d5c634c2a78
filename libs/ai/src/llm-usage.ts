import type { Redis } from '@hiregraph/platform/redis';
import type { LlmUsage } from './llm.js';

/** Counters are kept long enough for a monthly report, then expire on their own. */
const USAGE_RETENTION_SECONDS = 40 * 24 * 60 * 60;

/** `ai:tokens:{userId}:{yyyy-mm-dd}` (UTC day): a hash of `{task}:prompt` / `{task}:completion`. */
export function tokenUsageKey(userId: string, day: Date = new Date()): string {
  return `ai:tokens:${userId}:${day.toISOString().slice(0, 10)}`;
}

/** Adds one call's tokens to the user's counters for the day, per task. */
export async function recordLlmUsage(
  redis: Redis,
  userId: string,
  task: string,
  usage: LlmUsage,
  day: Date = new Date(),
): Promise<void> {
  const key = tokenUsageKey(userId, day);
  await redis
    .multi()
    .hincrby(key, `${task}:prompt`, usage.promptTokens)
    .hincrby(key, `${task}:completion`, usage.completionTokens)
    .expire(key, USAGE_RETENTION_SECONDS)
    .exec();
}

/** The user's tokens for a day, per task. */
export async function readLlmUsage(
  redis: Redis,
  userId: string,
  day: Date = new Date(),
): Promise<Record<string, LlmUsage>> {
  const fields = await redis.hgetall(tokenUsageKey(userId, day));
  const byTask: Record<string, LlmUsage> = {};
  for (const [field, value] of Object.entries(fields)) {
    const separator = field.lastIndexOf(':');
    const task = field.slice(0, separator);
    const kind = field.slice(separator + 1);
    const usage = (byTask[task] ??= { promptTokens: 0, completionTokens: 0 });
    if (kind === 'prompt') usage.promptTokens += Number(value);
    else if (kind === 'completion') usage.completionTokens += Number(value);
  }
  return byTask;
}
