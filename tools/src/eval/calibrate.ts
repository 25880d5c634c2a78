/**
 * Refits the match-score calibration (`npm run calibrate:matching`): runs the judged set through the
 * public API of a fresh platform (as `eval:matching` does), reads the ranker's raw signals of every
 * judged (resume, posting) pair from the matching database (`matches.explanation.components`: what
 * the running service computed), and fits the mapping with leave-one-resume-out cross-validation
 * (tools/src/eval/fit-calibration.ts). Writes, next to the code that reads them:
 *
 *   subgraphs/matching/src/matches/calibration-data.json  the pairs: grade and raw signals
 *   subgraphs/matching/src/matches/calibration.json       the fitted model, provenance, held-out figures
 *
 * `--from-data` refits from the committed calibration-data.json without running the platform;
 * `--all-signals` also tries a model with a weight per signal (see `configurations`).
 * The raw signals do not depend on the calibration, so refitting on them is sound; rebuild
 * (`npx tsc -b subgraphs/matching`) and rerun `eval:matching` to see the result through the API.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { format, resolveConfig } from 'prettier';
import { DEFAULT_MATCH_THRESHOLD } from '@hiregraph/subgraph-matching/matches/projections';
import { REPO_ROOT } from '../paths.js';
import { startApiSession } from './api-session.js';
import { calibrate, type CalibrationPair, type HeldOutFigures } from './fit-calibration.js';
import { judgedInput } from './judged-input.js';
import { runJudgedSet } from './judged-run.js';
import { loadJudgedSet } from './judged-set.js';
import { GRADE_BANDS, GRADES } from './metrics.js';

const MATCHES_DIR = path.join(REPO_ROOT, 'subgraphs/matching/src/matches');
const DATA_FILE = path.join(MATCHES_DIR, 'calibration-data.json');
const MODEL_FILE = path.join(MATCHES_DIR, 'calibration.json');

const { values } = parseArgs({
  options: {
    'from-data': { type: 'boolean', default: false },
    set: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    'all-signals': { type: 'boolean', default: false },
  },
});

async function collectPairs(): Promise<CalibrationPair[]> {
  const input = judgedInput(loadJudgedSet(values.set));
  const session = await startApiSession('calibrate', { verbose: values.verbose });
  try {
    const run = await runJudgedSet(session, input, { log: (line) => console.error(line) });
    const client = new pg.Client({
      connectionString: `${session.ns.config.DATABASE_URL}/${session.ns.name}_matching`,
    });
    await client.connect();
    try {
      const pairs: CalibrationPair[] = [];
      for (const result of run.results) {
        const { rows } = await client.query<{ job_id: string; components: Record<string, number | null> }>(
          "select job_id, explanation->'components' as components from matches where resume_id = $1",
          [result.resumeId],
        );
        const byJob = new Map(rows.map((row) => [row.job_id, row.components]));
        for (const [posting, grade] of result.resume.grades) {
          const components = byJob.get(run.jobIds.get(posting) ?? '');
          if (!components) throw new Error(`${result.resume.id}: no match computed for ${posting}`);
          pairs.push({ resume: result.resume.id, posting, grade, signals: roundSignals(components) });
        }
      }
      return pairs;
    } finally {
      await client.end();
    }
  } finally {
    await session.stop();
  }
}

/** Written as `npm run format` would leave it, so the lint check passes on a fresh fit. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(JSON.stringify(value), { ...options, filepath: file }));
}

function roundSignals(components: Record<string, unknown>): Record<string, number | null> {
  return Object.fromEntries(
    Object.entries(components)
      .filter(([, value]) => typeof value === 'number' || value === null)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => [name, value === null ? null : Math.round((value as number) * 1e4) / 1e4]),
  );
}

function describe(figures: HeldOutFigures): string[] {
  const lines = [
    `  P@5 ${figures.overall.p5.toFixed(2)}  P@10 ${figures.overall.p10.toFixed(2)}  NDCG@10 ${figures.overall.ndcg10.toFixed(3)}  grade-0 in top 10: ${figures.overall.worstInTop10}`,
  ];
  for (const grade of [...GRADES].reverse()) {
    const { count, min, median, max } = figures.scores[grade];
    const band = GRADE_BANDS[grade];
    lines.push(
      `  grade ${grade} (${count} pairs): min ${min.toFixed(1)} median ${median.toFixed(1)} max ${max.toFixed(1)} ` +
        `(band ${band.min}–${band.max} ${median >= band.min && median <= band.max ? 'ok' : 'MISSED'}), ` +
        `announced ${figures.announced[grade].announced}/${figures.announced[grade].of}`,
    );
  }
  lines.push('  announced per grade (3/2/1/0) at other thresholds:');
  for (const [value, counts] of Object.entries(figures.sweep))
    lines.push(
      `    ${value}: ${[...GRADES]
        .reverse()
        .map((grade) => `${counts[grade].announced}/${counts[grade].of}`)
        .join('  ')}`,
    );
  return lines;
}

const pairs: CalibrationPair[] = values['from-data']
  ? (JSON.parse(readFileSync(DATA_FILE, 'utf8')) as { pairs: CalibrationPair[] }).pairs
  : await collectPairs();
if (!values['from-data']) {
  await writeJson(DATA_FILE, {
    collectedAt: new Date().toISOString(),
    source: 'test/corpus/matching through the public API',
    pairs,
  });
}

const threshold = DEFAULT_MATCH_THRESHOLD;
const result = calibrate(pairs, threshold, { allSignals: values['all-signals'] });
const resumes = [...new Set(pairs.map((pair) => pair.resume))];
const model = {
  ...result.model,
  fit: {
    method:
      'ordinal logistic regression (proportional odds) on recruiter grades 0–3; score = monotone curve through each grade’s median latent fit (15, 55, 72.5, 90)',
    fittedAt: new Date().toISOString(),
    data: 'calibration-data.json',
    pairs: pairs.length,
    resumes,
    config: result.config,
    heldOut: {
      method: 'leave-one-resume-out',
      threshold,
      overall: result.heldOut.overall,
      scores: result.heldOut.scores,
      announced: result.heldOut.announced,
      sweep: result.heldOut.sweep,
    },
  },
};
await writeJson(MODEL_FILE, model);

console.log(`calibration fitted on ${pairs.length} judged pairs (${resumes.length} resumes)`);
console.log('configurations (held-out, leave one resume out):');
for (const tried of result.tried)
  console.log(
    `  ${tried.config.signals.length === 1 ? tried.config.signals[0] : `${tried.config.signals.length} signals`}, ` +
      `l2 ${tried.config.l2}, ${tried.config.balanced ? 'balanced' : 'unweighted'}: ` +
      `P@5 ${tried.heldOut.p5.toFixed(2)} NDCG@10 ${tried.heldOut.ndcg10.toFixed(3)}`,
  );
console.log(`chosen: ${JSON.stringify(result.config)}; held-out figures at threshold ${threshold}:`);
for (const line of describe(result.heldOut)) console.log(line);
console.log(
  `weights: ${result.model.features.map((feature) => `${feature.signal} ${feature.weight.toFixed(2)}`).join(', ')}`,
);
console.log(
  `wrote ${path.relative(REPO_ROOT, MODEL_FILE)}${values['from-data'] ? '' : ` and ${path.relative(REPO_ROOT, DATA_FILE)}`}`,
);
