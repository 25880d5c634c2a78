import { performance } from 'node:perf_hooks';
import type { GraphQLResponse } from '@hiregraph/platform/testing/subgraph';
import { renderResumePdf } from '@hiregraph/subgraph-resumes/imports/testing/render-pdf';
import { SAMPLE_RESUMES } from '@hiregraph/subgraph-resumes/imports/testing/sample-resumes';
import { CREATE_UPLOAD, postUpload } from '@hiregraph/subgraph-resumes/uploads/testing/post-upload';
import { recordLatencies } from './results.js';

type Gateway = (
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
) => Promise<GraphQLResponse>;

const IMPORTS = Number(process.env.BENCH_IMPORTS ?? 20);
const LIST_QUERIES = Number(process.env.BENCH_LIST_QUERIES ?? 200);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * Resumes through the gateway: a 2-page PDF from createUpload to PARSED (POST to S3,
 * confirmUpload, importResumeFile, polling `resume(id) { status }` every 10 ms), one at a time;
 * then `myResumes(first: 50)` of an owner with 50 resumes.
 */
export async function benchResumes(gateway: Gateway, token: string): Promise<void> {
  // Two pages: the longest sample with its highlights repeated.
  const base = SAMPLE_RESUMES[0];
  const long = {
    ...base,
    work: Array.from({ length: 6 }, (_, i) => ({
      ...base.work[i % base.work.length],
      highlights: [
        ...base.work[i % base.work.length].highlights,
        ...base.work[0].highlights,
        'Owned on-call.',
      ],
    })),
  };
  const pdf = await renderResumePdf(long, 'one-column');
  const latencies: number[] = [];
  for (let i = 0; i < IMPORTS + 2; i++) {
    const started = performance.now();
    const created = await gateway(
      CREATE_UPLOAD,
      { input: { filename: 'cv.pdf', contentType: 'application/pdf', size: pdf.length } },
      token,
    );
    const presigned = created.data!.createUpload;
    const posted = await postUpload(presigned, pdf, 'cv.pdf');
    if (!posted.ok) throw new Error(`upload refused: ${posted.status}`);
    const confirmed = await gateway(
      'mutation ($id: ID!) { confirmUpload(id: $id) { id } }',
      { id: presigned.id },
      token,
    );
    if (confirmed.errors) throw new Error(JSON.stringify(confirmed.errors));
    const imported = await gateway(
      'mutation ($id: ID!) { importResumeFile(uploadId: $id) { id } }',
      { id: presigned.id },
      token,
    );
    const id = imported.data!.importResumeFile.id;
    let status = 'PROCESSING';
    while (status === 'PROCESSING') {
      if (performance.now() - started > 30_000) throw new Error('import did not finish in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
      const res = await gateway('query ($id: ID!) { resume(id: $id) { status } }', { id }, token);
      status = res.data?.resume?.status ?? 'PROCESSING';
    }
    if (status !== 'PARSED') throw new Error(`import ended ${status}`);
    if (i >= 2) latencies.push(performance.now() - started); // two warm-up rounds
  }
  latencies.sort((a, b) => a - b);
  recordLatencies('resumes', 'PDF upload → PARSED (2 pages)', latencies, [0.5, 0.95, 1]);
  console.log(
    `PDF upload → PARSED (2 pages, ${(pdf.length / 1024).toFixed(0)} KiB) x${IMPORTS}: p50 ${ms(percentile(latencies, 0.5))}, ` +
      `p95 ${ms(percentile(latencies, 0.95))}, max ${ms(latencies[latencies.length - 1])}`,
  );

  // 50 resumes in all for this owner, then the first page of 50.
  const have = (await gateway('{ myResumes(first: 1) { totalCount } }', {}, token)).data!.myResumes
    .totalCount;
  for (let i = have; i < 50; i++)
    await gateway(
      'mutation ($d: JSON!) { importJsonResume(document: $d) { id } }',
      {
        d: {
          basics: { name: `Bench Person ${i}`, email: `bench${i}@example.com` },
          work: [
            { name: 'Acme', position: 'Engineer', startDate: '2019-01-01', summary: 'TypeScript services.' },
          ],
          skills: [{ name: 'TypeScript' }, { name: 'PostgreSQL' }],
        },
      },
      token,
    );
  const list =
    '{ myResumes(first: 50) { totalCount nodes { id title status basics { name } work { name position } } } }';
  for (let i = 0; i < 20; i++) await gateway(list, {}, token);
  const listLatencies: number[] = [];
  for (let i = 0; i < LIST_QUERIES; i++) {
    const t0 = performance.now();
    const res = await gateway(list, {}, token);
    listLatencies.push(performance.now() - t0);
    if (res.errors || res.data!.myResumes.nodes.length !== 50) throw new Error('myResumes did not return 50');
  }
  listLatencies.sort((a, b) => a - b);
  recordLatencies('resumes', 'myResumes(first: 50) through the gateway', listLatencies, [0.5, 0.95]);
  console.log(
    `myResumes(first: 50) x${LIST_QUERIES} through the gateway: p50 ${ms(percentile(listLatencies, 0.5))}, ` +
      `p95 ${ms(percentile(listLatencies, 0.95))}`,
  );
}
