import { settingsTableReport } from '@hiregraph/platform/testing/settings-table';
import {
  loadExportSettings,
  loadResumesConfig,
  readerEnvironment,
  resumeCorpusOverride,
  resumesEnvironmentSchema,
} from './environment.js';

describe('resumes README', () => {
  it("has one settings row for each variable of environment.ts, none other, with the schema's defaults", () => {
    const report = settingsTableReport(resumesEnvironmentSchema, new URL('../README.md', import.meta.url));
    expect(report.variables).toBeGreaterThan(40);
    expect({ ...report, variables: 0 }).toEqual({
      variables: 0,
      duplicated: [],
      undocumented: [],
      unknown: [],
      wrongDefaults: [],
    });
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
