import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  applyDrift,
  findDrift,
  formatDrift,
  summarizeDrift,
  type GeneratedFiles,
} from './generated-files.js';

describe('generated files', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hiregraph-generated-'));
    await mkdir(path.join(root, 'schema/events'), { recursive: true });
    await writeFile(path.join(root, 'schema/a.graphql'), 'type Query {\n  a: String\n}\n');
    await writeFile(path.join(root, 'schema/same.graphql'), 'scalar Same\n');
    await writeFile(path.join(root, 'schema/events/old.v1.json'), '{}\n');
    await writeFile(path.join(root, 'schema/events/README.md'), 'not generated, not owned\n');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const generated: GeneratedFiles = new Map([
    ['schema/a.graphql', 'type Query {\n  a: String\n  b: Int\n}\n'],
    ['schema/same.graphql', 'scalar Same\n'],
    ['schema/events/new.v1.json', '{"new": true}\n'],
  ]);

  it('finds changed, missing and stale files, and nothing else', async () => {
    const drifts = await findDrift(root, generated, ['schema/events']);
    expect(drifts.map(({ path: file, kind }) => [file, kind])).toEqual([
      ['schema/a.graphql', 'changed'],
      ['schema/events/new.v1.json', 'missing'],
      ['schema/events/old.v1.json', 'stale'],
    ]);
    expect(summarizeDrift(drifts)).toBe(
      '  changed schema/a.graphql\n  missing schema/events/new.v1.json\n  stale   schema/events/old.v1.json',
    );
    expect(summarizeDrift(drifts, true)).toContain('  deleted schema/events/old.v1.json');
  });

  it('prints a unified diff from committed to generated', async () => {
    const text = formatDrift(await findDrift(root, generated, ['schema/events']));
    expect(text).toContain(
      [
        'schema/a.graphql: changed',
        '--- a/schema/a.graphql\tcommitted',
        '+++ b/schema/a.graphql\tgenerated',
        '@@ -1,3 +1,4 @@',
        ' type Query {',
        '   a: String',
        '+  b: Int',
        ' }',
      ].join('\n'),
    );
    expect(text).toContain('+{"new": true}');
    expect(text).toContain('-{}');
  });

  it('applies the drift so that nothing differs afterwards', async () => {
    await applyDrift(root, await findDrift(root, generated, ['schema/events']));
    expect(await findDrift(root, generated, ['schema/events'])).toEqual([]);
    expect(await readFile(path.join(root, 'schema/events/new.v1.json'), 'utf8')).toBe('{"new": true}\n');
    expect(existsSync(path.join(root, 'schema/events/old.v1.json'))).toBe(false);
    expect(existsSync(path.join(root, 'schema/events/README.md'))).toBe(true);
  });

  it('treats a missing owned directory as empty', async () => {
    await rm(path.join(root, 'schema/events'), { recursive: true });
    const drifts = await findDrift(root, generated, ['schema/events']);
    expect(drifts.filter((drift) => drift.kind === 'stale')).toEqual([]);
  });
});
