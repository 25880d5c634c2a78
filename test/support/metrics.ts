/** One service's /metrics (Prometheus text format), parsed: family types and samples. */
export interface Scrape {
  /** Family name → type, from the `# TYPE` lines (families with no sample yet are listed too). */
  types: Map<string, string>;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): Scrape {
  const types = new Map<string, string>();
  const samples: Scrape['samples'] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) types.set(type[1], type[2]);
    if (line.startsWith('#') || !line.trim()) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`unparsable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(LABEL))
      labels[name] = value.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return { types, samples };
}

/** GETs `/metrics` beside a service's GraphQL endpoint. */
export async function scrape(graphqlUrl: string): Promise<Scrape> {
  const response = await fetch(new URL('/metrics', graphqlUrl));
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await response.text());
}

/** Sum of the samples of `name` whose labels include `labels`. */
export function valueOf(scraped: Scrape, name: string, labels: Record<string, string> = {}): number {
  return scraped.samples
    .filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Every series name a scrape can answer: histograms and summaries with their suffixes. */
export function exportedNames(scraped: Scrape): Set<string> {
  const names = new Set<string>();
  for (const [name, type] of scraped.types) {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

const PROMQL_KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
]);

/**
 * Metric names a PromQL expression reads: identifiers that are not functions, keywords, label names
 * (matchers, `by (…)` lists) or durations.
 */
export function metricNamesIn(expression: string): string[] {
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = stripped.slice(match.index + match[0].length);
    if (/^\s*\(/.test(after) || PROMQL_KEYWORDS.has(match[0])) continue;
    // 1e3 and durations such as 5m are numbers, not names.
    if (/[0-9.]$/.test(stripped.slice(0, match.index))) continue;
    names.add(match[0]);
  }
  return [...names];
}
