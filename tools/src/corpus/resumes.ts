/**
 * Generates the JSON Resume part of the import corpus (`npm run corpus:resumes`, which installs
 * the Debian tools first: scripts/resume-corpus.sh). Every hand-written source in
 * test/corpus/resumes/jsonresume/sources/ is rendered to HTML by real npm themes through `resumed`,
 * then
 * - printed to PDF by Debian's Chromium (playwright-core drives it)  → chromium-pdf/
 * - converted to DOCX by LibreOffice Writer                          → libreoffice-docx/
 * - converted to DOCX by pandoc                                      → pandoc-docx/
 * as `<source>.<theme>.<ext>`. None of it uses the project's own renderer: these are layouts other
 * tools make. The outputs are committed; tests read them without any of these tools.
 *
 *   node tools/dist/corpus/resumes.js [--only <source>] [--themes even,flat]
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { render } from 'resumed';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '../../../test/corpus/resumes/jsonresume');
const SOURCES = join(CORPUS, 'sources');

/** The themes; each is a devDependency of tools. A theme that no longer renders is reported and skipped. */
const THEMES = ['even', 'elegant', 'stackoverflow', 'kendall', 'macchiato', 'flat'];

/** Sources from countries that print on A4; the rest on US Letter, as their authors would. */
const A4 = new Set(['icu-nurse', 'teacher']);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const TRANSPARENT_PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const only = option('--only');
const themes = option('--themes')?.split(',') ?? THEMES;

type JsonResume = Record<string, unknown> & { work?: Record<string, unknown>[] };

/**
 * Older themes still read the pre-1.0 schema names (`work[].company`, `website`); give them both,
 * the way a user of such a theme would write their file. The truth is the source as written.
 */
function withLegacyAliases(resume: JsonResume): JsonResume {
  return {
    ...resume,
    work: resume.work?.map((work) => ({ company: work.name, website: work.url, ...work })),
  };
}

async function loadTheme(name: string): Promise<{ render: (resume: unknown) => string | Promise<string> }> {
  const module = (await import(`jsonresume-theme-${name}`)) as Record<string, unknown> & {
    default?: unknown;
  };
  const theme = (typeof module.render === 'function' ? module : module.default) as {
    render: (resume: unknown) => string | Promise<string>;
  };
  if (typeof theme?.render !== 'function') throw new Error(`jsonresume-theme-${name} has no render()`);
  return theme;
}

const kb = (path: string) => `${(statSync(path).size / 1024).toFixed(0)} KB`;

const work = mkdtempSync(join(tmpdir(), 'resume-corpus-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (const dir of ['chromium-pdf', 'libreoffice-docx', 'pandoc-docx'])
    mkdirSync(join(CORPUS, dir), { recursive: true });
  const sources = readdirSync(SOURCES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .filter((source) => !only || source === only);
  for (const themeName of themes) {
    let theme;
    try {
      theme = await loadTheme(themeName);
    } catch (error) {
      console.warn(`skip theme ${themeName}: ${(error as Error).message}`);
      continue;
    }
    for (const source of sources) {
      const resume = withLegacyAliases(
        JSON.parse(readFileSync(join(SOURCES, `${source}.json`), 'utf8')) as JsonResume,
      );
      const base = `${source}.${themeName}`;
      let html: string;
      try {
        html = await render(resume as never, theme as never);
      } catch (error) {
        console.warn(`skip ${base}: theme failed to render (${(error as Error).message})`);
        continue;
      }
      const htmlPath = join(work, `${base}.html`);
      writeFileSync(htmlPath, html);

      // PDF: the page as Chromium prints it, offline: CDN fonts, icons and stylesheets fall back to
      // local fonts (deterministic, no network); remote images (Gravatar) print as an empty box,
      // as a missing avatar would, rather than as alt text.
      const page = await browser.newPage();
      await page.route('**/*', (route) => {
        const request = route.request();
        if (/^(data|about|file):/.test(request.url())) return route.continue();
        if (request.resourceType() === 'image')
          return route.fulfill({ contentType: 'image/png', body: TRANSPARENT_PIXEL });
        return route.abort();
      });
      await page.setContent(html, { waitUntil: 'load' });
      const pdfPath = join(CORPUS, 'chromium-pdf', `${base}.pdf`);
      await page.pdf({
        path: pdfPath,
        format: A4.has(source) ? 'A4' : 'Letter',
        printBackground: true,
        margin: { top: '0.4in', bottom: '0.4in', left: '0.4in', right: '0.4in' },
      });
      await page.close();

      // DOCX by LibreOffice Writer (its HTML import), then by pandoc.
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${work}/lo-profile`,
          '--headless',
          '--infilter=HTML (StarWriter)',
          '--convert-to',
          'docx:MS Word 2007 XML',
          '--outdir',
          work,
          htmlPath,
        ],
        { stdio: 'pipe', timeout: 120_000 },
      );
      const libreofficePath = join(CORPUS, 'libreoffice-docx', `${base}.docx`);
      renameSync(join(work, `${base}.docx`), libreofficePath);
      const pandocPath = join(CORPUS, 'pandoc-docx', `${base}.docx`);
      execFileSync(
        'pandoc',
        ['--from=html', '--to=docx', `--resource-path=${work}`, '-o', pandocPath, htmlPath],
        {
          stdio: 'pipe',
          timeout: 120_000,
        },
      );
      console.log(
        `${base}: pdf ${kb(pdfPath)}, libreoffice ${kb(libreofficePath)}, pandoc ${kb(pandocPath)}`,
      );
    }
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
