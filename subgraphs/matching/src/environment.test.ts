import { settingsTableReport } from '@hiregraph/platform/testing/settings-table';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMatchingConfig, loadMatchingSettings, matchingEnvironmentSchema } from './environment.js';

const SRC = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('matching README', () => {
  it("has one settings row for each variable of environment.ts, none other, with the schema's defaults", () => {
    const report = settingsTableReport(matchingEnvironmentSchema, new URL('../README.md', import.meta.url));
    expect(report.variables).toBeGreaterThan(50);
    expect({ ...report, variables: 0 }).toEqual({
      variables: 0,
      duplicated: [],
      undocumented: [],
      unknown: [],
      wrongDefaults: [],
    });
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
