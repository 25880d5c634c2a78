import { exportedNames, metricNamesIn, parseMetrics, valueOf } from './metrics.js';

describe('metrics test support', () => {
  it('finds the metric names of PromQL expressions, not functions, labels, keywords or durations', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (service, le) (rate(hiregraph_graphql_request_duration_seconds_bucket{result="ok"}[5m]))) > 2',
      ),
    ).toEqual(['hiregraph_graphql_request_duration_seconds_bucket']);
    expect(
      metricNamesIn(
        'sum by (service) (rate(a_total{code="x"}[$__rate_interval])) / on (service) group_left b_total > 0.05 and up{job="hiregraph"} == 0',
      ),
    ).toEqual(['a_total', 'b_total', 'up']);
    expect(metricNamesIn('topk(15, max by (consumer) (hiregraph_event_consumer_pending)) * 60')).toEqual([
      'hiregraph_event_consumer_pending',
    ]);
  });

  it('parses the text format, with histogram series names', () => {
    const scraped = parseMetrics(
      [
        '# HELP h_seconds latency',
        '# TYPE h_seconds histogram',
        'h_seconds_bucket{le="0.1",operation="Q"} 3',
        'h_seconds_count{operation="Q"} 3',
        '# TYPE c_total counter',
        'c_total{subject="user.registered",consumer="a"} 2',
        'c_total{subject="user.registered",consumer="b"} 5',
      ].join('\n'),
    );
    expect(valueOf(scraped, 'c_total', { subject: 'user.registered' })).toBe(7);
    expect(valueOf(scraped, 'c_total', { consumer: 'b' })).toBe(5);
    expect([...exportedNames(scraped)].sort()).toEqual([
      'c_total',
      'h_seconds',
      'h_seconds_bucket',
      'h_seconds_count',
      'h_seconds_sum',
    ]);
  });
});
