/**
 * Import quality harness (`npm run eval:import`): every sample JSON Resume (6 people, different
 * trades, date formats and header styles) rendered as PDF in three layouts (one column, two
 * columns with a sidebar, tables) and as DOCX = 24 files, read back by the import the worker runs
 * (`importResumeFile`, skills through the shared taxonomy) and compared field by field with the
 * document they came from. Prints precision/recall per field, overall and per layout.
 */
import { performance } from 'node:perf_hooks';
import { importResumeFile, normalizeWithTaxonomy } from '@hiregraph/subgraph-resumes/imports/import-resume';
import { renderResumeDocx } from '@hiregraph/subgraph-resumes/imports/testing/render-docx';
import { renderResumePdf, type PdfLayout } from '@hiregraph/subgraph-resumes/imports/testing/render-pdf';
import { SAMPLE_RESUMES } from '@hiregraph/subgraph-resumes/imports/testing/sample-resumes';
import { formatScore, scoreResume, type Score } from '@hiregraph/subgraph-resumes/imports/testing/score';

type Layout = PdfLayout | 'docx';
const LAYOUTS: Layout[] = ['one-column', 'two-column', 'table', 'docx'];

const overall: Score = {};
const perLayout = new Map<Layout, Score>(LAYOUTS.map((layout) => [layout, {}]));
const timings: number[] = [];
let files = 0;
for (const sample of SAMPLE_RESUMES) {
  for (const layout of LAYOUTS) {
    const file = layout === 'docx' ? await renderResumeDocx(sample) : await renderResumePdf(sample, layout);
    const started = performance.now();
    const imported = await importResumeFile(file, layout === 'docx' ? 'docx' : 'pdf', {
      normalizeSkills: normalizeWithTaxonomy,
    });
    timings.push(performance.now() - started);
    scoreResume(sample, imported.resume, overall);
    scoreResume(sample, imported.resume, perLayout.get(layout));
    files++;
  }
}
timings.sort((a, b) => a - b);
console.log(
  `import quality: ${SAMPLE_RESUMES.length} resumes x ${LAYOUTS.length} layouts = ${files} files ` +
    `(extraction + parsing p50 ${timings[Math.floor(files / 2)].toFixed(0)} ms, max ${timings[files - 1].toFixed(0)} ms)\n`,
);
console.log(`ALL LAYOUTS\n${formatScore(overall)}\n`);
for (const [layout, score] of perLayout) console.log(`${layout}\n${formatScore(score)}\n`);
