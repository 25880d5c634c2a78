/**
 * Import quality on the resume corpus (`npm run eval:import`, docs/operations.md): every real
 * document in test/corpus/resumes/ (RenderCV themes; JSON Resume themes printed by Chromium and
 * converted to DOCX by LibreOffice and pandoc) plus the project's own synthetic renderings, read by
 * the import the worker runs (`importResumeFile`) and scored against its truth. Prints recall and
 * precision per field and per generator, and the mean over all real generators.
 *
 *   npm run eval:import                       the table
 *   npm run eval:import -- --files            also one line per file
 *   npm run eval:import -- --explain <file>   truth vs parse for one file (path under the corpus)
 */
import {
  byGenerator,
  importCorpusDocument,
  listResumeCorpus,
  type CorpusResult,
} from '@hiregraph/subgraph-resumes/imports/testing/resume-corpus';
import {
  combineScores,
  explainImport,
  formatScores,
  type ImportScore,
} from '@hiregraph/subgraph-resumes/imports/testing/score';

const args = process.argv.slice(2);
const explainIndex = args.indexOf('--explain');

if (explainIndex >= 0) {
  const wanted = args[explainIndex + 1] ?? '';
  const documents = listResumeCorpus({ synthetic: true });
  const matches = (d: { name: string }) => d.name.toLowerCase().includes(wanted.toLowerCase());
  const document = documents.find((d) => d.name === wanted) ?? documents.find(matches);
  if (!document) {
    console.error(
      `no corpus file matches "${wanted}"; files:\n${documents.map((d) => `  ${d.name}`).join('\n')}`,
    );
    process.exit(2);
  }
  const result = await importCorpusDocument(document);
  console.log(`${document.name} (${document.generator}, ${document.layout})`);
  if (result.error) console.log(`FAILED: ${result.error}`);
  console.log(explainImport(document.truth, result.parsed ?? {}));
  process.exit(0);
}

const results: CorpusResult[] = [];
for (const document of listResumeCorpus({ synthetic: true }))
  results.push(await importCorpusDocument(document));

const groups: Record<string, ImportScore> = {};
const real: CorpusResult[] = [];
for (const [generator, documents] of byGenerator(results.map((r) => r.document))) {
  const scored = results.filter((r) => documents.includes(r.document));
  groups[generator] = combineScores(scored.map((r) => r.score!));
  if (generator !== 'synthetic') real.push(...scored);
}
groups['ALL-real'] = combineScores(real.map((r) => r.score!));

const failed = results.filter((r) => r.error);
const timings = results.map((r) => r.milliseconds).sort((a, b) => a - b);
console.log(
  `import quality: ${results.length} files (${real.length} real), ${failed.length} FAILED; ` +
    `import p50 ${timings[Math.floor(timings.length / 2)].toFixed(0)} ms, max ${timings.at(-1)!.toFixed(0)} ms\n`,
);
console.log(formatScores(groups));
console.log(
  '\n(recall/precision per field: summed over the files; "mean per file": each file weighs the same)',
);

if (args.includes('--files') || failed.length) {
  console.log('');
  for (const result of args.includes('--files') ? results : failed)
    console.log(
      `${result.document.name.padEnd(56)} R ${(result.score!.recall * 100).toFixed(1).padStart(5)}  ` +
        `P ${(result.score!.precision * 100).toFixed(1).padStart(5)}${result.error ? `  FAILED ${result.error}` : ''}`,
    );
}
