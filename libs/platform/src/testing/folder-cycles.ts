import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Folder-level import arrows of a service's source tree, and the cycles among them, so a test can
 * keep a subgraph's folders layered (an arrow `sessions → users` means a file in sessions/ imports
 * one in users/). Files directly in `srcDir` (main.ts, subgraph.ts, schema.ts, services.ts,
 * environment.ts) are the composition root that wires every folder together: they are left out of
 * the folder arrows (they may import any folder) and checked apart, by `describeRootBackArrows`:
 * a folder importing a root file is an arrow back up. Tests (they may reach anywhere) and imports
 * of packages are left out of both.
 */
export type FolderArrows = Map<string, Set<string>>;

/** `import … from`, `export … from` (with `type` when the statement is type-only). */
const FROM_IMPORT = /\b(?:import|export)\s+(type\s+)?[\w*${}\s,]*?\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/g;
/** `import './x.js'` (for its effects) and `import('./x.js')`. */
const BARE_IMPORT = /\bimport\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

interface RelativeImport {
  specifier: string;
  /** `import type` / `export type`: erased when compiled, so it loads nothing. */
  typeOnly: boolean;
}

function relativeImports(text: string): RelativeImport[] {
  return [
    ...[...text.matchAll(FROM_IMPORT)].map(([, type, specifier]) => ({ specifier, typeOnly: Boolean(type) })),
    ...[...text.matchAll(BARE_IMPORT)].map(([, specifier]) => ({ specifier, typeOnly: false })),
  ];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The top-level folder of `srcDir` that holds `file`, or undefined for a file of the root itself. */
function folderOf(srcDir: string, file: string): string | undefined {
  const parts = relative(srcDir, file).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

/** Every arrow between two different top-level folders of `srcDir`, read from the import statements. */
export function folderImportArrows(srcDir: string): FolderArrows {
  const root = resolve(srcDir);
  const arrows: FolderArrows = new Map();
  for (const file of sourceFiles(root)) {
    const from = folderOf(root, file);
    if (!from) continue;
    for (const { specifier } of relativeImports(readFileSync(file, 'utf8'))) {
      const to = folderOf(root, resolve(dirname(file), specifier));
      if (!to || to === from) continue;
      if (!arrows.has(from)) arrows.set(from, new Set());
      arrows.get(from)!.add(to);
    }
  }
  return arrows;
}

/**
 * The groups of folders that reach each other through arrows (strongly connected components of
 * more than one folder, Tarjan's algorithm), each sorted, e.g. [['sessions', 'users']].
 */
export function folderCycles(arrows: FolderArrows): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (folder: string) => {
    index.set(folder, next);
    lowLink.set(folder, next);
    next += 1;
    stack.push(folder);
    onStack.add(folder);
    for (const target of arrows.get(folder) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowLink.set(folder, Math.min(lowLink.get(folder)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(folder, Math.min(lowLink.get(folder)!, index.get(target)!));
      }
    }
    if (lowLink.get(folder) !== index.get(folder)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== folder);
    if (component.length > 1) cycles.push(component.sort());
  };
  const folders = new Set([...arrows.keys(), ...[...arrows.values()].flatMap((targets) => [...targets])]);
  for (const folder of [...folders].sort()) if (!index.has(folder)) visit(folder);
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The arrows that run back inside a cycle, as "from → to" lines, for a readable failure message. */
export function describeFolderCycles(arrows: FolderArrows): string[] {
  return folderCycles(arrows).flatMap((cycle) =>
    cycle.flatMap((from) =>
      [...(arrows.get(from) ?? [])]
        .filter((to) => cycle.includes(to))
        .sort()
        .map((to) => `${from} → ${to}`),
    ),
  );
}

/**
 * Root files any folder may import, and how. Every other root file (subgraph.ts, schema.ts,
 * main.ts, …) composes the folders, so a folder importing it closes a loop through the root.
 */
export const ROOT_FILES_FOLDERS_MAY_IMPORT: Readonly<Record<string, 'types' | 'values'>> = {
  // The service container's type: how a resolver or service receives what the subgraph built for
  // it (the container itself is built by subgraph.ts). Type-only, so nothing is loaded.
  'services.ts': 'types',
  // The settings' types, for the part of the settings the container hands over. Values (reading
  // the environment) stay with the root: settings reach folders through the container.
  'environment.ts': 'types',
  // Stubs of other subgraphs' entities that resolvers return: a leaf that imports no folder
  // (checked below), so importing it closes no loop.
  'references.ts': 'values',
};

/** A folder file's import of a root file, allowed anyway, with the reason. */
export interface RootImportAllowance {
  /** The importing file, relative to `srcDir`, e.g. `admin/admin-cli.ts`. */
  from: string;
  /** The root file, e.g. `subgraph.ts`. */
  to: string;
  why: string;
}

/**
 * The arrows from folders back up to root files, as "folder/file.ts → root.ts" lines (empty when
 * the layering holds): imports not allowed by `ROOT_FILES_FOLDERS_MAY_IMPORT` nor by `allowed`.
 * Also reported: a root file folders may import values from that imports a folder itself, and an
 * allowance that no longer matches an import (so the list only holds live exceptions).
 */
export function describeRootBackArrows(
  srcDir: string,
  allowed: readonly RootImportAllowance[] = [],
): string[] {
  const root = resolve(srcDir);
  const problems: string[] = [];
  const used = new Set<RootImportAllowance>();
  for (const file of sourceFiles(root)) {
    const from = relative(root, file).split(sep).join('/');
    const fromFolder = folderOf(root, file);
    for (const { specifier, typeOnly } of relativeImports(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), specifier);
      const toFolder = folderOf(root, target);
      if (fromFolder === undefined) {
        const leaf = ROOT_FILES_FOLDERS_MAY_IMPORT[from] === 'values';
        if (leaf && toFolder !== undefined && !typeOnly)
          problems.push(`${from} → ${toFolder}/ (it must import no folder)`);
        continue;
      }
      if (toFolder !== undefined || relative(root, target).startsWith('..')) continue;
      const to = relative(root, target).replace(/\.js$/, '.ts');
      const rule = ROOT_FILES_FOLDERS_MAY_IMPORT[to];
      if (rule === 'values' || (rule === 'types' && typeOnly)) continue;
      const allowance = allowed.find((entry) => entry.from === from && entry.to === to);
      if (allowance) used.add(allowance);
      else problems.push(`${from} → ${to}`);
    }
  }
  for (const entry of allowed)
    if (!used.has(entry)) problems.push(`${entry.from} → ${entry.to} is allowed but no longer imported`);
  return problems;
}
