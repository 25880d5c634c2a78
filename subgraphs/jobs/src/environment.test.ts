import { settingsTableReport } from '@hiregraph/platform/testing/settings-table';
import {
  jobsEnvironmentSchema,
  loadImportCliConfig,
  loadJobsConfig,
  loadJobsSettings,
} from './environment.js';

describe('jobs README', () => {
  it("has one settings row for each variable of environment.ts, none other, with the schema's defaults", () => {
    const report = settingsTableReport(jobsEnvironmentSchema, new URL('../README.md', import.meta.url));
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
