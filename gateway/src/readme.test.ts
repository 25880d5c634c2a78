import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gatewayEnvironmentSchema, loadGatewayEnvironment } from './environment.js';
import { LIVE_FIELDS } from './live/registry.js';

/**
 * gateway/README.md documents the gateway's settings and events; this keeps it equal to
 * environment.ts and the live registry. After adding a variable, paste the table this test prints.
 */
const README = fileURLToPath(new URL('../README.md', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const TABLE_START = '<!-- settings:start (gateway/src/readme.test.ts checks this table) -->';
const TABLE_END = '<!-- settings:end -->';

function shownDefault(value: unknown): string {
  if (value === undefined) return '—';
  const text = Array.isArray(value) ? value.join(',') : String(value);
  // The supergraph's default is an absolute path on this machine: shown from the repository.
  return `\`${text.startsWith(REPOSITORY) ? text.slice(REPOSITORY.length) : text}\``;
}

/** The settings table as environment.ts describes it. */
function settingsTable(): string {
  const defaults = loadGatewayEnvironment({}) as Record<string, unknown>;
  const rows = Object.entries(gatewayEnvironmentSchema.shape).map(([name, schema]) => {
    const description = (schema.description ?? '').replaceAll('|', '\\|');
    return `| \`${name}\` | ${shownDefault(defaults[name])} | ${description} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

describe('gateway/README.md', () => {
  it('describes every variable of environment.ts', () => {
    for (const [name, schema] of Object.entries(gatewayEnvironmentSchema.shape)) {
      expect({ name, described: Boolean(schema.description) }).toEqual({ name, described: true });
    }
  });

  it('lists the settings exactly as environment.ts declares them', async () => {
    const readme = await readFile(README, 'utf8');
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    expect({ start: start >= 0, end: end > start }).toEqual({ start: true, end: true });
    const documented = readme.slice(start + TABLE_START.length, end).trim();
    // Compared cell by cell so prettier's column padding does not matter.
    const cells = (table: string) =>
      table.split('\n').map((line) =>
        line
          .replace(/^\||\|$/g, '')
          .split(/(?<!\\)\|/)
          .map((cell) => cell.trim().replace(/^-+$/, '---')),
      );
    const expected = settingsTable();
    if (JSON.stringify(cells(documented)) !== JSON.stringify(cells(expected))) {
      console.log(`gateway/README.md should list:\n${expected}`);
    }
    expect(cells(documented)).toEqual(cells(expected));
  });

  it('names every event and live family the gateway reads', async () => {
    const readme = await readFile(README, 'utf8');
    const read = Object.values(LIVE_FIELDS).flatMap((field) => [
      ...field.eventTypes,
      ...(field.live ? [field.live.family] : []),
    ]);
    for (const name of [...read, ...Object.keys(LIVE_FIELDS)]) expect(readme).toContain(`\`${name}\``);
  });
});
