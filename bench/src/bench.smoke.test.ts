import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchIngestionThroughput } from './ingestion-throughput.js';
import { benchLiveFanout } from './live-fanout.js';
import { benchMatchingScale } from './matching-scale.js';
import { recordedFigures, writeResults, type BenchRun } from './results.js';

/**
 * Each bench case at a tiny scale, for its effects and the shape of its figures — never for speed
 * (speed is what `npm run bench` measures). Needs the services built (dist/), as the bench does.
 */
const finiteNonNegative = (value: number) => Number.isFinite(value) && value >= 0;

describe('bench cases at tiny scale', () => {
  it('live: every subscriber in the child process gets every event, and the gateway RSS is read', async () => {
    const figures = await benchLiveFanout({ subscribers: 20, events: 5, idle: 30, settleMs: 0 });
    expect(figures.deliveries).toHaveLength(5);
    for (const latencies of figures.deliveries) {
      expect(latencies).toHaveLength(20);
      expect(latencies.every(finiteNonNegative)).toBe(true);
    }
    expect(figures.lastSubscriberP99).toBeGreaterThanOrEqual(figures.lastSubscriberP50);
    expect(figures.lastSubscriberP50).toBeGreaterThanOrEqual(figures.deliveryP50);
    expect(figures.gatewayRssBeforeMb).toBeGreaterThan(10);
    expect(figures.gatewayRssIdleMb).toBeGreaterThan(10);
  }, 120_000);

  it('ingestion: every new posting is stored and published, and the second import drops them all', async () => {
    const figures = await benchIngestionThroughput(50);
    expect(figures.stored).toBe(50);
    expect(figures.deadLettered).toBe(0);
    expect(figures.upsertedPublished).toBe(50);
    expect(figures.duplicates).toBe(50);
    for (const rate of [figures.newPerSecondWithinImport, figures.duplicatesPerSecondWithinImport])
      expect(rate).toBeGreaterThan(0);
  }, 90_000);

  it('matching-scale: builds the index and computes recall in [0, 1]', async () => {
    const figures = await benchMatchingScale(1_000, 20);
    expect(figures.indexSizeMb).toBeGreaterThan(0);
    expect(figures.indexBuildSeconds).toBeGreaterThan(0);
    expect(figures.queryP99).toBeGreaterThanOrEqual(figures.queryP50);
    expect(figures.recallAt20).toBeGreaterThanOrEqual(0);
    expect(figures.recallAt20).toBeLessThanOrEqual(1);
    // At 1,000 vectors HNSW with ef_search 100 finds (nearly) the exact answers.
    expect(figures.recallAt20).toBeGreaterThan(0.8);
  }, 60_000);

  it('writes every recorded figure to <date>.json and a markdown table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-results-'));
    try {
      await writeResults('smoke', dir);
      const written = await writeResults('smoke again', dir);
      const runs: BenchRun[] = JSON.parse(await readFile(written!.json, 'utf8'));
      expect(runs.map((run) => run.command)).toEqual(['smoke', 'smoke again']);
      expect(runs[1].figures).toEqual(recordedFigures());
      expect(new Set(recordedFigures().map((figure) => figure.case))).toEqual(
        new Set(['live', 'ingestion', 'matching-scale']),
      );
      const markdown = await readFile(written!.markdown, 'utf8');
      for (const figure of recordedFigures()) expect(markdown).toContain(figure.name);
      expect(markdown).toContain('`smoke`');
      expect(markdown).toContain('`smoke again`');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
