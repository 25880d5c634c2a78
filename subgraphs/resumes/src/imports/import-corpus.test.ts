import {
  byGenerator,
  importCorpusDocument,
  listResumeCorpus,
  type CorpusResult,
} from './testing/resume-corpus.js';
import { combineScores, formatScores, type ImportScore } from './testing/score.js';

/**
 * Floors per generator: average field recall (mean per file, see testing/score.ts) set a few points
 * under what `npm run eval:import` measured when they were last raised. Raise them when the import
 * gets better; a drop below one fails the build instead of passing silently.
 */
const RECALL_FLOORS: Record<string, number> = {
  // Measured 2026-12-07: issue #16 baseline 38.1 / 40.3 / 40.0 / 73.5 / 92.8; after the layout-aware
  // import 82.1 / 86.6 / 80.4 / 100.0 / 100.0; with header blocks read by structure (title under
  // "Company / City / dates", plain highlights under "Highlights", name run into the title) 88.7 / 90.0 / 84.1 / 100.0 / 100.0;
  // with sidebar columns read as flows, chips split, skill group labels and list-item entry headers
  // 92.5 / 91.1 / 90.0 / 100.0 / 100.0.
  'chromium-pdf': 0.89,
  'libreoffice-docx': 0.875,
  'pandoc-docx': 0.865,
  rendercv: 0.96,
  synthetic: 0.96,
};

/** Every corpus file (test/corpus/resumes/ + the synthetic set) through the worker's file import. */
describe('import quality on the resume corpus', () => {
  const documents = listResumeCorpus({ synthetic: true });
  const results: CorpusResult[] = [];

  beforeAll(async () => {
    for (const document of documents) results.push(await importCorpusDocument(document));
    const groups: Record<string, ImportScore> = {};
    for (const [generator, docs] of byGenerator(documents))
      groups[generator] = combineScores(
        results.filter((r) => docs.includes(r.document)).map((r) => r.score!),
      );
    process.stdout.write(`\n${formatScores(groups)}\n`);
    // Every file goes through the sandboxed reader (a child process each), one after another.
  }, 300_000);

  it('has every generator of the floors table, and a floor for every generator', () => {
    const generators = [...byGenerator(documents).keys()].sort();
    expect(generators).toEqual(Object.keys(RECALL_FLOORS).sort());
  });

  it('imports every file without FAILED', () => {
    expect(results.filter((r) => r.error).map((r) => `${r.document.name}: ${r.error}`)).toEqual([]);
  });

  it.each(Object.entries(RECALL_FLOORS))('%s: average recall stays above its floor', (generator, floor) => {
    const scores = results.filter((r) => r.document.generator === generator).map((r) => r.score!);
    expect(scores.length).toBeGreaterThan(0);
    expect(Number(combineScores(scores).recall.toFixed(3))).toBeGreaterThanOrEqual(floor);
  });
});
