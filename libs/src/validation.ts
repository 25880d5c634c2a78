import type { z } from 'zod';
import { badUserInput } from './errors.js';
import { isUuid } from './ids.js';

/** Validates resolver input with a zod schema; the first problem becomes a BAD_USER_INPUT error naming the field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badUserInput(issue.message, { field: issue.path.join('.') });
  }
  return parsed.data;
}

export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw badUserInput(`${field} must be a UUID`, { field });
  return value;
}

export const MAX_PAGE_SIZE = 200;

export function requireLimit(limit: number, field = 'limit'): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`${field} must be between 1 and ${MAX_PAGE_SIZE}`, { field });
  }
  return limit;
}
