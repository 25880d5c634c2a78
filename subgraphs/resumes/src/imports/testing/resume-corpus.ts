import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { ResumeFileKind } from '../extract.js';
import { ResumeImportError } from '../import-error.js';
import { importResumeFile } from '../import-resume.js';
import type { ParsedResume } from '../parse-resume.js';
import { renderResumeDocx } from './render-docx.js';
import { renderResumePdf, type PdfLayout } from './render-pdf.js';
import {
  truthFromJsonResume,
  truthFromRenderCvYaml,
  type JsonResumeLike,
  type ResumeTruth,
} from './resume-truth.js';
import { SAMPLE_RESUMES } from './sample-resumes.js';
import { scoreImport, type ImportScore } from './score.js';
import { resumeCorpusOverride } from '../../environment.js';

/**
 * One document of the import corpus (test/corpus/resumes/, see docs/operations.md): its bytes,
 * the tool chain that made it (the generator the figures are grouped by) and its truth.
 */
export interface CorpusDocument {
  /** `rendercv`, `chromium-pdf`, `libreoffice-docx`, `pandoc-docx`, `synthetic`. */
  generator: string;
  /** Path under test/corpus/resumes/ (or `synthetic/<person>.<layout>`). */
  name: string;
  /** The theme or layout inside the generator. */
  layout: string;
  kind: ResumeFileKind;
  truth: ResumeTruth;
  read(): Promise<Uint8Array>;
}

/** test/corpus/resumes/ of this checkout (found from this module, in src/ or dist/ alike). */
export function resumeCorpusRoot(): string {
  const override = resumeCorpusOverride();
  if (override) return override;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'test', 'corpus', 'resumes');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('test/corpus/resumes not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

const KIND_BY_EXTENSION: Record<string, ResumeFileKind> = { pdf: 'pdf', docx: 'docx' };

/**
 * Every real corpus file with its truth, sorted by generator then name:
 * - `rendercv/<X>.pdf` beside `<X>.yaml` (RenderCV themes, the YAML is the truth);
 * - `jsonresume/<generator>/<source>.<theme>.{pdf,docx}` made from `jsonresume/sources/<source>.json`.
 * With `synthetic`, also the project's own pdfkit/docx renderings of the sample resumes.
 */
export function listResumeCorpus(options: { root?: string; synthetic?: boolean } = {}): CorpusDocument[] {
  const root = options.root ?? resumeCorpusRoot();
  const documents: CorpusDocument[] = [];
  const fileDocument = (generator: string, path: string, layout: string, truth: ResumeTruth) => {
    const extension = path.split('.').pop()!.toLowerCase();
    documents.push({
      generator,
      name: relative(root, path),
      layout,
      kind: KIND_BY_EXTENSION[extension],
      truth,
      read: async () => new Uint8Array(await readFile(path)),
    });
  };

  const rendercv = join(root, 'rendercv');
  if (existsSync(rendercv))
    for (const file of readdirSync(rendercv).filter((f) => f.endsWith('.pdf'))) {
      const yamlPath = join(rendercv, file.replace(/\.pdf$/, '.yaml'));
      if (!existsSync(yamlPath)) continue;
      const theme = /_([A-Za-z]+)Theme_/.exec(file)?.[1]?.toLowerCase() ?? file;
      fileDocument(
        'rendercv',
        join(rendercv, file),
        theme,
        truthFromRenderCvYaml(readFileSync(yamlPath, 'utf8')),
      );
    }

  const jsonresume = join(root, 'jsonresume');
  const sources = join(jsonresume, 'sources');
  if (existsSync(sources)) {
    const truths = new Map<string, ResumeTruth>();
    for (const file of readdirSync(sources).filter((f) => f.endsWith('.json')))
      truths.set(
        file.replace(/\.json$/, ''),
        truthFromJsonResume(JSON.parse(readFileSync(join(sources, file), 'utf8')) as JsonResumeLike),
      );
    for (const generator of readdirSync(jsonresume, { withFileTypes: true })) {
      if (!generator.isDirectory() || generator.name === 'sources') continue;
      for (const file of readdirSync(join(jsonresume, generator.name))) {
        const match = /^([^.]+)\.([^.]+)\.(pdf|docx)$/.exec(file);
        const truth = match && truths.get(match[1]);
        if (truth) fileDocument(generator.name, join(jsonresume, generator.name, file), match[2], truth);
      }
    }
  }

  documents.sort((a, b) => a.generator.localeCompare(b.generator) || a.name.localeCompare(b.name));
  if (options.synthetic) documents.push(...syntheticDocuments());
  return documents;
}

const SYNTHETIC_LAYOUTS: (PdfLayout | 'docx')[] = ['one-column', 'two-column', 'table', 'docx'];

/** The project's own renderings (pdfkit, docx): the "synthetic" generator, kept for comparison. */
export function syntheticDocuments(): CorpusDocument[] {
  return SAMPLE_RESUMES.flatMap((sample) => {
    const person = sample.basics.name.toLowerCase().replace(/[^a-z]+/g, '-');
    const truth = truthFromJsonResume(sample);
    return SYNTHETIC_LAYOUTS.map((layout) => ({
      generator: 'synthetic',
      name: `synthetic/${person}.${layout}`,
      layout,
      kind: layout === 'docx' ? ('docx' as const) : ('pdf' as const),
      truth,
      read: () => (layout === 'docx' ? renderResumeDocx(sample) : renderResumePdf(sample, layout)),
    }));
  });
}

/** Corpus documents grouped by generator, in listing order. */
export function byGenerator(documents: CorpusDocument[]): Map<string, CorpusDocument[]> {
  const groups = new Map<string, CorpusDocument[]>();
  for (const document of documents) {
    const list = groups.get(document.generator) ?? [];
    list.push(document);
    groups.set(document.generator, list);
  }
  return groups;
}

export interface CorpusResult {
  document: CorpusDocument;
  /** Absent when the import failed. */
  parsed?: ParsedResume;
  score?: ImportScore;
  /** The import's error (code and message) when it FAILED. */
  error?: string;
  milliseconds: number;
}

/**
 * Imports one corpus document the way the worker does for an uploaded file (`importResumeFile`:
 * bytes → extraction → markdown → JSON Resume) and scores it against its truth. A failure is
 * reported, not thrown: a FAILED file scores 0 recall.
 */
export async function importCorpusDocument(document: CorpusDocument): Promise<CorpusResult> {
  const data = await document.read();
  const started = performance.now();
  try {
    const { resume } = await importResumeFile(data, document.kind);
    return {
      document,
      parsed: resume,
      score: scoreImport(document.truth, resume),
      milliseconds: performance.now() - started,
    };
  } catch (error) {
    const code = error instanceof ResumeImportError ? `${error.failure}: ` : '';
    return {
      document,
      error: `${code}${error instanceof Error ? error.message : String(error)}`,
      score: scoreImport(document.truth, {}),
      milliseconds: performance.now() - started,
    };
  }
}
