/**
 * Matching quality on the judged set (`npm run eval:matching`), through the public API of a running
 * platform: the built gateway and subgraphs start as child processes on fresh databases (their own
 * namespace, dropped at the end), a recruiter imports the judged postings with `importJobs`, each
 * resume's owner imports it with `importJsonResume`, and once matching has caught up
 * `matchesForResume` is read back and compared with the recruiter grades (test/corpus/matching).
 *
 * Prints per resume and overall P@5, P@10 (relevant = grade ≥ 2), NDCG@10 (grades as gains) and
 * grade-0 postings in the top 10; the score distribution and verdicts of each grade; and how many
 * of each grade a new user's default threshold would announce.
 *
 * Options: --top (print each resume's top 10), --json FILE (write the report), --verbose (service
 * logs), --set DIR (another judged set in the same layout).
 * The former synthetic evaluation (template postings built from the ranker's own features) is gone:
 * it measured the ranker against itself and reported figures no real posting reached.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startApiSession } from './api-session.js';
import { judgedInput } from './judged-input.js';
import { loadJudgedSet } from './judged-set.js';
import { runJudgedSet } from './judged-run.js';
import { formatReport, reportOf } from './report.js';

const { values } = parseArgs({
  options: {
    top: { type: 'boolean', default: false },
    json: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    set: { type: 'string' },
  },
});

const input = judgedInput(loadJudgedSet(values.set));
const started = Date.now();
const session = await startApiSession('evalmatch', { verbose: values.verbose });
try {
  const run = await runJudgedSet(session, input, { log: (line) => console.error(line) });
  const report = reportOf(run);
  console.log(
    `matching quality — judged set: ${input.resumes.length} resumes × ${input.postings.length} postings, ` +
      `through the API (import ${run.seconds.import.toFixed(0)} s, matching ${run.seconds.matching.toFixed(0)} s, ` +
      `total ${((Date.now() - started) / 1000).toFixed(0)} s); relevant = grade ≥ 2\n`,
  );
  console.log(formatReport(report, { showTop: values.top }));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await session.stop();
}
