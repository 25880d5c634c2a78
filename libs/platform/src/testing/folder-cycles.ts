import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Folder-level import arrows of a service's source tree, and the cycles among them, so a test can
 * keep a subgraph's folders layered (an arrow `sessions → users` means a file in sessions/ imports
 * one in users/). Files directly in `srcDir` (main.ts, subgraph.ts, schema.ts, services.ts,
 * environment.ts) are the composition root that wires every folder together: they are left out, as
 * are tests (they may reach anywhere) and imports of packages.
 */
export type FolderArrows = Map<string, Set<string>>;

const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

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
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
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
