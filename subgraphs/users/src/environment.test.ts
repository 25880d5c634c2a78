import { readFileSync } from 'node:fs';
import { usersEnvironmentSchema } from './environment.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The variable names of the Settings table: its rows' first cell, e.g. "| `USERS_PORT` | …". */
function documentedVariables(markdown: string): string[] {
  const settings = markdown.slice(markdown.indexOf('## Settings'));
  return [...settings.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((match) => match[1]);
}

describe('users README', () => {
  it('has one settings row for each variable of environment.ts, and none other', () => {
    const documented = documentedVariables(README);
    const read = Object.keys(usersEnvironmentSchema.shape);
    expect(read.length).toBeGreaterThan(20);
    expect(documented.filter((name, i) => documented.indexOf(name) !== i)).toEqual([]);
    expect({ undocumented: read.filter((name) => !documented.includes(name)) }).toEqual({ undocumented: [] });
    expect({ unknown: documented.filter((name) => !read.includes(name)) }).toEqual({ unknown: [] });
  });

  it('reads the same defaults as the services use', () => {
    const defaults = usersEnvironmentSchema.parse({});
    expect(defaults.USERS_PORT).toBe(4001);
    expect(defaults.WEBHOOKS_ALLOW_HOSTS).toEqual([]);
    expect(() => usersEnvironmentSchema.parse({ PASSWORD_MIN_LENGTH: '4' })).toThrow();
  });
});
