import { readdir, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';

/** Generated files by repository-relative path (always with forward slashes). */
export type GeneratedFiles = Map<string, string>;

export interface FileDrift {
  path: string;
  /** missing: not committed yet; changed: content differs; stale: committed but no longer generated. */
  kind: 'missing' | 'changed' | 'stale';
  committed?: string;
  generated?: string;
}

export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Compares generated files with what is on disk. `ownedDirs` are directories whose every file the
 * generator owns (only files with `ownedExtension`): a file there that is no longer generated is stale.
 */
export async function findDrift(
  root: string,
  files: GeneratedFiles,
  ownedDirs: readonly string[] = [],
  ownedExtension = '.json',
): Promise<FileDrift[]> {
  const drifts: FileDrift[] = [];
  for (const [file, generated] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const committed = await readFileIfExists(path.join(root, file));
    if (committed === undefined) drifts.push({ path: file, kind: 'missing', generated });
    else if (committed !== generated) drifts.push({ path: file, kind: 'changed', committed, generated });
  }
  for (const dir of ownedDirs) {
    for (const file of await listFiles(root, dir, ownedExtension)) {
      if (!files.has(file)) {
        drifts.push({ path: file, kind: 'stale', committed: await readFile(path.join(root, file), 'utf8') });
      }
    }
  }
  return drifts;
}

async function listFiles(root: string, dir: string, extension: string): Promise<string[]> {
  try {
    const entries = await readdir(path.join(root, dir), { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
      .map((entry) => path.posix.join(dir, entry.name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Brings the disk in line with the generated files: writes missing/changed ones, deletes stale ones. */
export async function applyDrift(root: string, drifts: readonly FileDrift[]): Promise<void> {
  for (const drift of drifts) {
    const target = path.join(root, drift.path);
    if (drift.kind === 'stale') {
      await rm(target);
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, drift.generated ?? '');
    }
  }
}

const MAX_DIFF_LINES = 200;

/** One line per drifted file followed by a unified diff (committed → generated), capped per file. */
export function formatDrift(drifts: readonly FileDrift[]): string {
  return drifts
    .map((drift) => {
      const patch = createTwoFilesPatch(
        `a/${drift.path}`,
        `b/${drift.path}`,
        drift.committed ?? '',
        drift.generated ?? '',
        drift.kind === 'missing' ? '(not committed)' : 'committed',
        drift.kind === 'stale' ? '(no longer generated)' : 'generated',
      );
      const lines = patch.split('\n').filter((line) => !line.startsWith('====='));
      const shown =
        lines.length > MAX_DIFF_LINES
          ? [...lines.slice(0, MAX_DIFF_LINES), `... ${lines.length - MAX_DIFF_LINES} more line(s)`]
          : lines;
      return [`${drift.path}: ${drift.kind}`, ...shown].join('\n');
    })
    .join('\n');
}

const APPLIED: Record<FileDrift['kind'], string> = {
  missing: 'created',
  changed: 'updated',
  stale: 'deleted',
};

/** One line per file: what differs (`missing`, ...) or, once applied, what was done (`created`, ...). */
export function summarizeDrift(drifts: readonly FileDrift[], applied = false): string {
  return drifts
    .map((drift) => `  ${(applied ? APPLIED[drift.kind] : drift.kind).padEnd(7)} ${drift.path}`)
    .join('\n');
}
