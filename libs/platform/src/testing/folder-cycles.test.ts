import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  describeFolderCycles,
  describeRootBackArrows,
  folderCycles,
  folderImportArrows,
} from './folder-cycles.js';

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

  describe('back up to the root', () => {
    it('fails a folder that imports subgraph.ts, the root that composes it', () => {
      expect(describeRootBackArrows(src)).toEqual(['a/a.ts → subgraph.ts']);
    });

    it('lets folders import the container and settings types, and the references, and nothing else', () => {
      write('a/a.ts', "import type { B } from '../b/b.js';");
      write('services.ts', "import { b } from './b/b.js';\nexport interface Services { b: typeof b }");
      write('references.ts', "import { ObjectType } from 'type-graphql';");
      write(
        'b/b.ts',
        "import type { Services } from '../services.js';\nimport { UserReference } from '../references.js';",
      );
      write(
        'c/deep/c.ts',
        "import type { Settings } from '../../environment.js';\nexport type { Services } from '../../services.js';",
      );
      expect(describeRootBackArrows(src)).toEqual([]);

      write(
        'd/d.ts',
        "import { loadSettings } from '../environment.js';\nimport { buildServices } from '../services.js';",
      );
      write('c/deep/c.ts', "import './../../schema.js';\nexport const main = () => import('../../main.js');");
      expect(describeRootBackArrows(src).sort()).toEqual([
        'c/deep/c.ts → main.ts',
        'c/deep/c.ts → schema.ts',
        'd/d.ts → environment.ts',
        'd/d.ts → services.ts',
      ]);
    });

    it('fails references.ts when it imports a folder, since folders may import it', () => {
      write('a/a.ts', "import { UserReference } from '../references.js';");
      write('references.ts', "import { a } from './a/a.js';");
      expect(describeRootBackArrows(src)).toEqual(['references.ts → a/ (it must import no folder)']);
    });

    it('accepts an allowed import with its reason, and names an allowance nothing uses any more', () => {
      const allowed = [
        { from: 'a/a.ts', to: 'subgraph.ts', why: 'an entry point' },
        { from: 'b/b.ts', to: 'main.ts', why: 'gone' },
      ];
      expect(describeRootBackArrows(src, allowed)).toEqual([
        'b/b.ts → main.ts is allowed but no longer imported',
      ]);
    });
  });
});
