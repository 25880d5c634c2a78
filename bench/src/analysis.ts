import { performance } from 'node:perf_hooks';
import type { GraphQLResponse } from '@hiregraph/platform/testing/subgraph';
import { recordFigure, recordLatencies } from './results.js';

type Gateway = (
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
) => Promise<GraphQLResponse>;

/**
 * Resume analysis end to end with the local provider: from the analyzeResume mutation (through the
 * gateway) until the analysis is observed SUCCEEDED, polling every few milliseconds. Sequential, so
 * the figure is one user's wait, not a queue's. Target: p95 ≤ 300 ms.
 */
export async function benchAnalysis(
  gateway: Gateway,
  token: string,
  resumeId: string,
  count = Number(process.env.BENCH_ANALYSES ?? 60),
): Promise<void> {
  const requirements = await gateway(
    'mutation ($t: String!) { createRequirements(input: { title: "Backend Engineer", text: $t }) { id } }',
    {
      t: 'Build our platform.\n\nRequirements:\n- TypeScript\n- PostgreSQL\n- Kubernetes\n- 3+ years of experience\n\nNice to have:\n- Go',
    },
    token,
  );
  const requirementsId = requirements.data.createRequirements.id as string;
  const analyze = `mutation ($r: ID!, $q: ID!) { analyzeResume(resumeId: $r, target: { requirementsId: $q }) { id } }`;
  const read = 'query ($id: ID!) { analysis(id: $id) { status score } }';
  const latencies: number[] = [];
  let failures = 0;
  for (let i = 0; i < count + 5; i += 1) {
    const started = performance.now();
    const res = await gateway(analyze, { r: resumeId, q: requirementsId }, token);
    const id = res.data?.analyzeResume?.id as string | undefined;
    if (!id) throw new Error(`analyzeResume failed: ${JSON.stringify(res.errors)}`);
    let status = 'IN_PROGRESS';
    while (status === 'IN_PROGRESS') {
      if (performance.now() - started > 10_000) throw new Error('analysis did not complete in 10 s');
      await new Promise((resolve) => setTimeout(resolve, 3));
      status = (await gateway(read, { id }, token)).data?.analysis?.status ?? 'IN_PROGRESS';
    }
    if (status !== 'SUCCEEDED') failures += 1;
    if (i >= 5) latencies.push(performance.now() - started); // the first few warm up
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  recordLatencies('analysis', 'analyzeResume → SUCCEEDED observed', latencies, [0.5, 0.95, 1], {
    0.95: { max: 300 },
  });
  recordFigure({
    case: 'analysis',
    name: 'analyses failed',
    value: failures,
    unit: 'count',
    target: { max: 0 },
  });
  console.log(
    `analysis end to end x${count} (analyzeResume → SUCCEEDED observed, local provider): ` +
      `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms ` +
      `(target p95 ≤ 300 ms), failed ${failures}`,
  );
}
