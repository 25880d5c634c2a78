import { fileURLToPath } from 'node:url';
import { describeFolderCycles, folderImportArrows } from '@hiregraph/platform/testing/folder-cycles';

const SRC = fileURLToPath(new URL('.', import.meta.url));

describe('users subgraph folders', () => {
  it('import each other in one direction only (no folder cycles)', () => {
    const arrows = folderImportArrows(SRC);
    expect(arrows.size).toBeGreaterThan(5); // the arrows really were read from the sources
    expect(describeFolderCycles(arrows)).toEqual([]);
  });
});
