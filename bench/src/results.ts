import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * Every figure a bench case prints is also recorded here, and `writeResults` appends the run to
 * bench/results/<date>.json and regenerates bench/results/<date>.md (one row per figure, one
 * column per run), so two runs of a day can be compared side by side.
 */
export interface Figure {
  /** The case that measured it, e.g. `live`. */
  case: string;
  /** What was measured, e.g. `event → last subscriber p99 (1,000 subscribers)`. */
  name: string;
  value: number;
  unit: string;
  /** The target, when the figure has one, e.g. `≤ 50`. */
  target?: { max?: number; min?: number };
}

export interface BenchRun {
  startedAt: string;
  command: string;
  machine: { cpus: number; loadAverage: number[] };
  figures: Figure[];
}

const recorded: Figure[] = [];
const startedAt = new Date();

export function recordFigure(figure: Figure): Figure {
  recorded.push(figure);
  return figure;
}

export function recordedFigures(): readonly Figure[] {
  return recorded;
}

export const meetsTarget = (figure: Figure): boolean | undefined =>
  figure.target === undefined
    ? undefined
    : (figure.target.max === undefined || figure.value <= figure.target.max) &&
      (figure.target.min === undefined || figure.value >= figure.target.min);

const targetText = (figure: Figure) =>
  figure.target === undefined
    ? ''
    : [
        figure.target.min === undefined ? '' : `≥ ${figure.target.min}`,
        figure.target.max === undefined ? '' : `≤ ${figure.target.max}`,
      ]
        .filter(Boolean)
        .join(', ') + ` ${figure.unit}`;

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/** Appends this run's figures to `<dir>/<date>.json` and rewrites `<dir>/<date>.md`; returns the paths. */
export async function writeResults(
  command: string,
  dir: string = RESULTS_DIR,
): Promise<{ json: string; markdown: string } | undefined> {
  if (recorded.length === 0) return undefined;
  const date = startedAt.toISOString().slice(0, 10);
  const json = `${dir.replace(/\/$/, '')}/${date}.json`;
  const markdown = `${dir.replace(/\/$/, '')}/${date}.md`;
  await mkdir(dir, { recursive: true });
  const runs: BenchRun[] = existsSync(json) ? JSON.parse(await readFile(json, 'utf8')) : [];
  runs.push({
    startedAt: startedAt.toISOString(),
    command,
    machine: { cpus: cpus().length, loadAverage: loadavg().map((value) => Number(value.toFixed(2))) },
    figures: [...recorded],
  });
  await writeFile(json, `${JSON.stringify(runs, null, 2)}\n`);
  await writeFile(markdown, summary(date, runs));
  return { json, markdown };
}

/** One table: a row per (case, figure), a column per run; ✗ marks a missed target. */
export function summary(date: string, runs: BenchRun[]): string {
  const keys: { case: string; name: string; unit: string; target: string }[] = [];
  const seen = new Set<string>();
  for (const run of runs)
    for (const figure of run.figures) {
      const key = `${figure.case}\u0000${figure.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push({ case: figure.case, name: figure.name, unit: figure.unit, target: targetText(figure) });
    }
  const cell = (value: string) => value.replace(/\|/g, '\\|');
  const lines = [
    `# Bench results ${date}`,
    '',
    'One column per run (UTC start time, command, 1-minute load average at the end). ✗ = target missed.',
    '',
    `| case | figure | unit | target | ${runs.map((run) => `${run.startedAt.slice(11, 19)} \`${cell(run.command)}\` (load ${run.machine.loadAverage[0]})`).join(' | ')} |`,
    `|---|---|---|---|${runs.map(() => '---:').join('|')}|`,
  ];
  for (const key of keys) {
    const values = runs.map((run) => {
      const figure = run.figures.find((f) => f.case === key.case && f.name === key.name);
      if (!figure) return '';
      // Cases round what they record; the table shows it as recorded.
      const value = String(figure.value);
      return meetsTarget(figure) === false ? `${value} ✗` : value;
    });
    lines.push(
      `| ${cell(key.case)} | ${cell(key.name)} | ${cell(key.unit)} | ${cell(key.target)} | ${values.join(' | ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const PERCENTILE_NAMES: Record<number, string> = { 0.5: 'p50', 0.95: 'p95', 0.99: 'p99', 1: 'max' };

/** Records percentiles of ascending `sorted` latencies (ms) as `<name> p50`, `<name> p95`, …. */
export function recordLatencies(
  caseName: string,
  name: string,
  sorted: number[],
  points: number[] = [0.5, 0.95, 0.99],
  targets: Record<number, Figure['target']> = {},
): void {
  for (const point of points) {
    const value = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * point))];
    recordFigure({
      case: caseName,
      name: `${name} ${PERCENTILE_NAMES[point] ?? `p${point * 100}`}`,
      value: Number(value.toFixed(2)),
      unit: 'ms',
      target: targets[point],
    });
  }
}
