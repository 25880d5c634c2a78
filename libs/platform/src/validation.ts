import { HeaderMap } from '@apollo/server';
import type { z } from 'zod';
import { badUserInput } from './errors.js';
import { isUuid } from './ids.js';

/**
 * Validates resolver input with a zod schema; the first problem becomes a BAD_USER_INPUT error naming
 * the field. A NUL character anywhere in the input is refused too: PostgreSQL cannot store one in
 * text or jsonb, and would otherwise fail the write with a protocol error.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badUserInput(issue.message, { field: issue.path.join('.') });
  }
  const nul = pathToNul(parsed.data);
  if (nul !== null) throw badUserInput(`${nul || 'The input'} contains a NUL character`, { field: nul });
  return parsed.data;
}

/** The path ('' for the value itself) of the first string holding U+0000, or null when none does. */
function pathToNul(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  // Deeper than any real input: assertVariablesDepth refuses such documents at the gateway.
  if (!value || typeof value !== 'object' || depth > MAX_INPUT_DEPTH) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = pathToNul(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Nesting of a request's variables: a JSON Resume needs about 5 levels. */
export const MAX_INPUT_DEPTH = 64;

/**
 * Refuses variables nested deeper than MAX_INPUT_DEPTH before anything recurses over them (printing
 * them for a subgraph overflows the stack at a few thousand levels).
 */
export function assertVariablesDepth(variables: unknown, field = 'variables'): void {
  const tooDeep = (value: unknown, depth: number): boolean => {
    if (!value || typeof value !== 'object') return false;
    if (depth >= MAX_INPUT_DEPTH) return true;
    return Object.values(value).some((item) => tooDeep(item, depth + 1));
  };
  if (tooDeep(variables, 0)) {
    // HTTP 400 when thrown before execution (Apollo answers 500 for a context error without a status).
    throw badUserInput(`Variables are nested deeper than ${MAX_INPUT_DEPTH} levels`, {
      field,
      http: { status: 400, headers: new HeaderMap() },
    });
  }
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
