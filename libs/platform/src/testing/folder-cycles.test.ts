import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeFolderCycles, folderCycles, folderImportArrows } from './folder-cycles.js';

describe('folder import arrows', () => {
  let src: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(src, path)), { recursive: true });
    writeFileSync(join(src, path), text);
  };
  beforeEach(() => {
    src = mkdtempSync(join(tmpdir(), 'folder-cycles-'));
    write('subgraph.ts', "import { a } from './a/a.js';\nimport { b } from './b/b.js';");
    write('a/a.ts', "import type { B } from '../b/b.js';\nimport { root } from '../subgraph.js';");
    write('b/b.ts', "import { c } from '../c/deep/c.js';\nimport { z } from 'zod';");
    write('c/deep/c.ts', "export const c = await import('../../d/d.js');");
    write('d/d.ts', 'export const d = 1;');
    write('d/d.test.ts', "import { a } from '../a/a.js';");
  });
  afterEach(() => rmSync(src, { recursive: true, force: true }));

  it('reads arrows between top-level folders, leaving out the root, tests and packages', () => {
    const arrows = folderImportArrows(src);
    expect(Object.fromEntries([...arrows].map(([from, to]) => [from, [...to]]))).toEqual({
      a: ['b'],
      b: ['c'],
      c: ['d'],
    });
    expect(folderCycles(arrows)).toEqual([]);
  });

  it('finds a cycle through several folders and names the arrows in it', () => {
    write('d/d.ts', "export { a } from '../a/a.js';");
    const arrows = folderImportArrows(src);
    expect(folderCycles(arrows)).toEqual([['a', 'b', 'c', 'd']]);
    expect(describeFolderCycles(arrows)).toEqual(['a → b', 'b → c', 'c → d', 'd → a']);
  });
});
