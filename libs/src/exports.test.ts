import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// libs' exports map (package.json) names each public module; Jest maps @hiregraph/libs/* straight
// to the sources, so this keeps the map and the sources in step where tsc alone would not look.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const exportsMap: Record<string, { types: string; default: string }> = JSON.parse(
  readFileSync(join(ROOT, 'libs/package.json'), 'utf8'),
).exports;

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', '.turbo', '.data'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('libs exports map', () => {
  it('names only modules that exist in libs/src, each built to dist/<module>.js', () => {
    for (const [key, target] of Object.entries(exportsMap)) {
      const module = key.slice(2);
      expect(key).not.toContain('*');
      expect(target).toEqual({ types: `./dist/${module}.d.ts`, default: `./dist/${module}.js` });
      expect(existsSync(join(ROOT, 'libs/src', `${module}.ts`))).toBe(true);
    }
  });

  it('names every module the other packages import', () => {
    const imported = new Set<string>();
    for (const dir of ['gateway', 'subgraphs', 'tools', 'test', 'bench']) {
      for (const file of typeScriptFiles(join(ROOT, dir))) {
        for (const [, module] of readFileSync(file, 'utf8').matchAll(/from '@hiregraph\/libs\/([^']+)'/g))
          imported.add(module);
      }
    }
    expect(imported.size).toBeGreaterThan(20); // the imports really were read
    const missing = [...imported].filter((module) => !(`./${module}` in exportsMap));
    expect(missing).toEqual([]);
  });
});
