import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMatchingConfig, loadMatchingSettings, matchingEnvironmentSchema } from './environment.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const SRC = fileURLToPath(new URL('.', import.meta.url));

/** The Settings table's rows: variable name → its Default cell, e.g. "| `MATCHING_PORT` | `4004` | …". */
function documentedSettings(markdown: string): [string, string][] {
  const settings = markdown.slice(markdown.indexOf('## Settings'));
  return [...settings.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*([^|]*?)\s*\|/gm)].map((m) => [m[1], m[2]]);
}

/** How the table writes a default: `value`, lists comma-separated, — for none. */
function defaultCell(value: unknown): string {
  if (Array.isArray(value)) return value.length > 0 ? `\`${value.join(',')}\`` : '—';
  return value === undefined ? '—' : `\`${String(value)}\``;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('matching README', () => {
  const documented = documentedSettings(README);
  const names = documented.map(([name]) => name);

  it('has one settings row for each variable of environment.ts, and none other', () => {
    const read = Object.keys(matchingEnvironmentSchema.shape);
    expect(read.length).toBeGreaterThan(50);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect({ undocumented: read.filter((name) => !names.includes(name)) }).toEqual({ undocumented: [] });
    expect({ unknown: names.filter((name) => !read.includes(name)) }).toEqual({ unknown: [] });
  });

  it('states the defaults the schema has', () => {
    const defaults = matchingEnvironmentSchema.parse({}) as Record<string, unknown>;
    const wrong = documented.filter(([name, cell]) => cell !== defaultCell(defaults[name]));
    expect(wrong).toEqual([]);
  });
});

describe('matching environment', () => {
  it('is the only file of the subgraph that reads process.env', () => {
    const readers = sourceFiles(SRC)
      .filter((file) => readFileSync(file, 'utf8').includes('process.env'))
      .map((file) => file.slice(SRC.length));
    expect(readers).toEqual(['environment.ts']);
  });

  it('reads its own settings beside the platform config', () => {
    const config = loadMatchingConfig({
      MATCHING_DEBOUNCE_MS: '0',
      ANALYSIS_CALLBACKS_ALLOW_PRIVATE_NETWORKS: '1',
    });
    expect(config.PORT).toBe(4004);
    const settings = loadMatchingSettings(config);
    expect(settings.MATCHING_DEBOUNCE_MS).toBe(0);
    expect(settings.MATCHING_POLL_MS).toBe(250);
    expect(settings.ANALYSIS_CALLBACKS_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(() => loadMatchingSettings(loadMatchingConfig({ MATCHING_POLL_MS: '0' }))).toThrow(
      /MATCHING_POLL_MS/,
    );
  });

  it('refuses the development callback key in production, and accepts a real one', () => {
    const production = { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://users.example/jwks' };
    expect(() => loadMatchingSettings(loadMatchingConfig(production))).toThrow(
      /ANALYSIS_CALLBACK_KEY_SECRET/,
    );
    const secret = 'a-real-callback-key-of-enough-length';
    expect(
      loadMatchingSettings(loadMatchingConfig({ ...production, ANALYSIS_CALLBACK_KEY_SECRET: secret }))
        .ANALYSIS_CALLBACK_KEY_SECRET,
    ).toBe(secret);
  });
});
