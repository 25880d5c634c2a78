import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
/** Everything outside a libs package that may import it. */
const IMPORTERS = ['gateway', 'subgraphs', 'tools', 'test', 'bench', 'libs'];

interface PackageJson {
  name: string;
  exports?: Record<string, { types: string; default: string }>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface ExportsMapReport {
  /** How many modules other packages import from this one (so a test can tell it really read them). */
  imported: number;
  /** Export entries that are not `./<module>` -> dist/<module>.{d.ts,js} of an existing src/<module>.ts. */
  badEntries: string[];
  /** Modules another package imports that the map does not name. */
  missing: string[];
  /** Packages the sources import without declaring them (test files may use devDependencies). */
  undeclared: string[];
  /** Declared dependencies no source imports (minus `loadedByName`, e.g. data packages resolved by path). */
  unused: string[];
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', '.turbo', '.data'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

/** The package name of a bare specifier (`@scope/name/sub` -> `@scope/name`), or null for relative/builtin. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier))
    return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Specifiers of static and dynamic imports ('…' or "…": a backtick in a comment is prose). */
const importedSpecifiers = (source: string) =>
  [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)(['"])([^'"]+)\1/gm)].map(
    ([, , spec]) => spec,
  );

/**
 * Where a libs package (`libs/<dir>`) and its package.json disagree: its `exports` map names each
 * public module (Jest maps `@hiregraph/<name>/*` straight to the sources, so tsc alone would not
 * notice a module missing from the map), and its dependencies name exactly what it imports (npm
 * hoisting would otherwise hide an undeclared one until the package is installed on its own).
 * Every libs package's exports test asserts an empty report.
 */
export function exportsMapReport(dir: string, options: { loadedByName?: string[] } = {}): ExportsMapReport {
  const root = join(REPO_ROOT, 'libs', dir);
  const pkg: PackageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const exportsMap = pkg.exports ?? {};

  const badEntries = Object.entries(exportsMap)
    .filter(([key, target]) => {
      const module = key.slice(2);
      return (
        !key.startsWith('./') ||
        key.includes('*') ||
        target.types !== `./dist/${module}.d.ts` ||
        target.default !== `./dist/${module}.js` ||
        !existsSync(join(root, 'src', `${module}.ts`))
      );
    })
    .map(([key]) => key);

  const prefix = `${pkg.name}/`;
  const imported = new Set<string>();
  for (const file of IMPORTERS.flatMap((importer) => sourceFiles(join(REPO_ROOT, importer)))) {
    if (file.startsWith(root + '/')) continue;
    for (const spec of importedSpecifiers(readFileSync(file, 'utf8')))
      if (spec.startsWith(prefix)) imported.add(spec.slice(prefix.length));
  }
  const missing = [...imported].filter((module) => !(`./${module}` in exportsMap));

  const runtime = new Set(Object.keys(pkg.dependencies ?? {}));
  const forTests = new Set([...runtime, ...Object.keys(pkg.devDependencies ?? {})]);
  const used = new Set<string>();
  const undeclared = new Set<string>();
  for (const file of sourceFiles(join(root, 'src'))) {
    const declared = file.endsWith('.test.ts') ? forTests : runtime;
    for (const name of importedSpecifiers(readFileSync(file, 'utf8')).map(packageOf)) {
      if (name === null || name === pkg.name) continue;
      used.add(name);
      if (!declared.has(name)) undeclared.add(name);
    }
  }
  const loadedByName = new Set(options.loadedByName ?? []);
  const unused = [...runtime].filter((name) => !used.has(name) && !loadedByName.has(name));

  return { imported: imported.size, badEntries, missing, undeclared: [...undeclared], unused };
}
