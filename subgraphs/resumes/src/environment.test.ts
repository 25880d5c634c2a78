import { readFileSync } from 'node:fs';
import {
  loadExportSettings,
  loadResumesConfig,
  readerEnvironment,
  resumeCorpusOverride,
  resumesEnvironmentSchema,
} from './environment.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The Settings table's rows: variable name → its Default cell, e.g. "| `RESUMES_PORT` | `4002` | …". */
function documentedSettings(markdown: string): [string, string][] {
  const settings = markdown.slice(markdown.indexOf('## Settings'));
  return [...settings.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*([^|]*?)\s*\|/gm)].map((m) => [m[1], m[2]]);
}

/** How the table writes a default: `value`, — for none. */
function defaultCell(value: unknown): string {
  return value === undefined ? '—' : `\`${String(value)}\``;
}

describe('resumes README', () => {
  const documented = documentedSettings(README);
  const names = documented.map(([name]) => name);

  it('has one settings row for each variable of environment.ts, and none other', () => {
    const read = Object.keys(resumesEnvironmentSchema.shape);
    expect(read.length).toBeGreaterThan(40);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect({ undocumented: read.filter((name) => !names.includes(name)) }).toEqual({ undocumented: [] });
    expect({ unknown: names.filter((name) => !read.includes(name)) }).toEqual({ unknown: [] });
  });

  it('states the defaults the schema has', () => {
    const defaults = resumesEnvironmentSchema.parse({}) as Record<string, unknown>;
    const wrong = documented.filter(([name, cell]) => cell !== defaultCell(defaults[name]));
    expect(wrong).toEqual([]);
  });
});

describe('resumes environment', () => {
  it('reads its port and export settings beside the platform config, and refuses bad values', () => {
    const config = loadResumesConfig({ RESUMES_PORT: '4102', EXPORT_PDF_PER_HOUR: '3' });
    expect(config.PORT).toBe(4102);
    expect(loadResumesConfig({}).PORT).toBe(4002);
    const settings = loadExportSettings(config);
    expect(settings.EXPORT_PDF_PER_HOUR).toBe(3);
    expect(settings.EXPORT_BACKUP_RETENTION_DAYS).toBe(7);
    expect(() => loadExportSettings(loadResumesConfig({ EXPORT_PDF_RETENTION_MINUTES: '5' }))).toThrow(
      /EXPORT_PDF_RETENTION_MINUTES/,
    );
  });

  it("gives the import's sandboxed reader NODE_ENV only, and the corpus tools their override", () => {
    expect(readerEnvironment({ NODE_ENV: 'test', S3_SECRET_KEY: 'secret' })).toEqual({ NODE_ENV: 'test' });
    expect(readerEnvironment({})).toEqual({ NODE_ENV: 'production' });
    expect(resumeCorpusOverride({ HIREGRAPH_RESUME_CORPUS: '/corpus' })).toBe('/corpus');
    expect(resumeCorpusOverride({ HIREGRAPH_RESUME_CORPUS: '' })).toBeUndefined();
  });
});
