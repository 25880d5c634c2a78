import { fileURLToPath } from 'node:url';
import {
  describeFolderCycles,
  describeRootBackArrows,
  folderImportArrows,
  type RootImportAllowance,
} from '@hiregraph/platform/testing/folder-cycles';

const SRC = fileURLToPath(new URL('.', import.meta.url));

/** Folder files that import a root file anyway (beyond the container and settings types, and the references). */
const ROOT_IMPORTS_ALLOWED: RootImportAllowance[] = [
  {
    from: 'imports/isolated-extract.ts',
    to: 'environment.ts',
    why: 'the sandboxed reader’s environment (NODE_ENV only) is made where process.env is read; environment.ts imports no folder',
  },
  {
    from: 'imports/testing/resume-corpus.ts',
    to: 'environment.ts',
    why: 'a test and eval helper, not served code: where the corpus is, a tool’s variable read where process.env is read',
  },
];

describe('resumes subgraph folders', () => {
  it('import each other in one direction only (no folder cycles)', () => {
    const arrows = folderImportArrows(SRC);
    expect(arrows.size).toBeGreaterThan(2); // the arrows really were read from the sources
    expect(describeFolderCycles(arrows)).toEqual([]);
  });

  it('never import back up into the root that composes them', () => {
    expect(describeRootBackArrows(SRC, ROOT_IMPORTS_ALLOWED)).toEqual([]);
  });
});
