import { extractResumeText } from './extract.js';
import { parseResume } from './parse-resume.js';
import { renderResumeDocx } from './testing/render-docx.js';
import { renderResumePdf, type PdfLayout } from './testing/render-pdf.js';
import { SAMPLE_RESUMES } from './testing/sample-resumes.js';
import { formatScore, precisionRecall, scoreResume, type Score } from './testing/score.js';

/** Every sample in every layout: the figures `npm run eval:import` will print. */
describe('import quality on generated resumes', () => {
  it('recovers most fields from PDF (3 layouts) and DOCX', async () => {
    const score: Score = {};
    const layouts: (PdfLayout | 'docx')[] = ['one-column', 'two-column', 'table', 'docx'];
    for (const sample of SAMPLE_RESUMES) {
      for (const layout of layouts) {
        const file =
          layout === 'docx' ? await renderResumeDocx(sample) : await renderResumePdf(sample, layout);
        const { markdown } = await extractResumeText(file, layout === 'docx' ? 'docx' : 'pdf');
        scoreResume(sample, parseResume(markdown), score);
      }
    }
    process.stdout.write(`\n${formatScore(score)}\n`);
    for (const field of ['name', 'email', 'phone', 'work.company', 'work.position', 'work.startDate']) {
      expect(precisionRecall(score[field]).recall).toBeGreaterThanOrEqual(0.6);
    }
  });
});
