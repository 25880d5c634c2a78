import { settingsTableReport } from '@hiregraph/platform/testing/settings-table';
import { usersEnvironmentSchema } from './environment.js';

describe('users README', () => {
  it("has one settings row for each variable of environment.ts, none other, with the schema's defaults", () => {
    const report = settingsTableReport(usersEnvironmentSchema, new URL('../README.md', import.meta.url), {
      defaults: false,
    });
    expect(report.variables).toBeGreaterThan(20);
    expect({ ...report, variables: 0 }).toEqual({
      variables: 0,
      duplicated: [],
      undocumented: [],
      unknown: [],
      wrongDefaults: [],
    });
  });

  it('reads the same defaults as the services use', () => {
    const defaults = usersEnvironmentSchema.parse({});
    expect(defaults.USERS_PORT).toBe(4001);
    expect(defaults.WEBHOOKS_ALLOW_HOSTS).toEqual([]);
    expect(() => usersEnvironmentSchema.parse({ PASSWORD_MIN_LENGTH: '4' })).toThrow();
  });
});
