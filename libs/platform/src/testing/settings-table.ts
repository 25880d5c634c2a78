import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** The Settings table's rows of a service README: variable → its Default cell ("| `X_PORT` | `4003` | …"). */
export function documentedSettings(markdown: string): [string, string][] {
  const settings = markdown.slice(markdown.indexOf('## Settings'));
  return [...settings.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*([^|]*?)\s*\|/gm)].map((m) => [m[1], m[2]]);
}

/** How a settings table writes a default: `value`, lists comma-separated, — for none. */
export function defaultCell(value: unknown): string {
  if (Array.isArray(value)) return value.length > 0 ? `\`${value.join(',')}\`` : '—';
  return value === undefined ? '—' : `\`${String(value)}\``;
}

export interface SettingsTableReport {
  /** How many variables the schema reads (so a test can tell it really read them). */
  variables: number;
  duplicated: string[];
  undocumented: string[];
  unknown: string[];
  /** Rows whose Default cell differs from the schema's default ([name, cell, expected]). */
  wrongDefaults: [string, string, string][];
}

/**
 * Where a service README's Settings table and its environment schema disagree: variables without a
 * row, rows without a variable, rows twice, and (with `defaults`) Default cells that are not the
 * schema's. Every service's environment test asserts an empty report.
 */
export function settingsTableReport(
  schema: z.ZodObject<z.ZodRawShape>,
  readme: URL,
  options: { defaults?: boolean } = {},
): SettingsTableReport {
  const documented = documentedSettings(readFileSync(readme, 'utf8'));
  const names = documented.map(([name]) => name);
  const read = Object.keys(schema.shape);
  const defaults = options.defaults === false ? undefined : (schema.parse({}) as Record<string, unknown>);
  return {
    variables: read.length,
    duplicated: names.filter((name, i) => names.indexOf(name) !== i),
    undocumented: read.filter((name) => !names.includes(name)),
    unknown: names.filter((name) => !read.includes(name)),
    wrongDefaults: defaults
      ? documented
          .map(([name, cell]): [string, string, string] => [name, cell, defaultCell(defaults[name])])
          .filter(([, cell, expected]) => cell !== expected)
      : [],
  };
}
