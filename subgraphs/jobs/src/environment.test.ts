import { readFileSync } from 'node:fs';
import {
  jobsEnvironmentSchema,
  loadImportCliConfig,
  loadJobsConfig,
  loadJobsSettings,
} from './environment.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The Settings table's rows: variable name → its Default cell, e.g. "| `JOBS_PORT` | `4003` | …". */
function documentedSettings(markdown: string): [string, string][] {
  const settings = markdown.slice(markdown.indexOf('## Settings'));
  return [...settings.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*([^|]*?)\s*\|/gm)].map((m) => [m[1], m[2]]);
}

/** How the table writes a default: `value`, lists comma-separated, — for none. */
function defaultCell(value: unknown): string {
  if (Array.isArray(value)) return value.length > 0 ? `\`${value.join(',')}\`` : '—';
  return value === undefined ? '—' : `\`${String(value)}\``;
}

describe('jobs README', () => {
  const documented = documentedSettings(README);
  const names = documented.map(([name]) => name);

  it('has one settings row for each variable of environment.ts, and none other', () => {
    const read = Object.keys(jobsEnvironmentSchema.shape);
    expect(read.length).toBeGreaterThan(40);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect({ undocumented: read.filter((name) => !names.includes(name)) }).toEqual({ undocumented: [] });
    expect({ unknown: names.filter((name) => !read.includes(name)) }).toEqual({ unknown: [] });
  });

  it('states the defaults the schema has', () => {
    const defaults = jobsEnvironmentSchema.parse({}) as Record<string, unknown>;
    const wrong = documented.filter(([name, cell]) => cell !== defaultCell(defaults[name]));
    expect(wrong).toEqual([]);
  });
});

describe('jobs environment', () => {
  it('reads its own settings beside the platform config, the raw HTML bucket falling back to S3_BUCKET', () => {
    const config = loadJobsConfig({
      S3_BUCKET: 'media',
      CRAWLER_ALLOW_HOSTS: ' a:1, b:2 ,',
      IMPORT_SWEEPER: '0',
    });
    expect(config.PORT).toBe(4003);
    const settings = loadJobsSettings(config);
    expect(settings.JOBS_RAW_HTML_BUCKET).toBe('media');
    expect(settings.CRAWLER_ALLOW_HOSTS).toEqual(['a:1', 'b:2']);
    expect(settings.IMPORT_SWEEPER).toBe(false);
    expect(loadJobsSettings(loadJobsConfig({ JOBS_RAW_HTML_BUCKET: 'raw' })).JOBS_RAW_HTML_BUCKET).toBe(
      'raw',
    );
    expect(() => loadJobsSettings(loadJobsConfig({ CRAWLER_CONCURRENCY: '0' }))).toThrow(
      /CRAWLER_CONCURRENCY/,
    );
  });

  it('gives the import CLI any free port, warn logs unless set, and no sweeper', () => {
    const config = loadImportCliConfig({ JOBS_PORT: '4100', IMPORT_SWEEPER: 'true' });
    expect(config.PORT).toBe(0);
    expect(config.LOG_LEVEL).toBe('warn');
    expect(loadJobsSettings(config).IMPORT_SWEEPER).toBe(false);
    expect(loadImportCliConfig({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
  });
});
