import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { jetstreamManager, jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, type ServiceName } from '@hiregraph/platform/config';
import { eventStreamName, eventSubject } from '@hiregraph/platform/events/bus';
import { newId } from '@hiregraph/platform/ids';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, graphqlRequest } from '@hiregraph/platform/testing/subgraph';
import { startE2EPlatform, type E2EPlatform } from './support/platform.js';
import { subscribe } from './support/live-client.js';
import { exportedNames, metricNamesIn, scrape, valueOf, type Scrape } from './support/metrics.js';

const SERVICES: ServiceName[] = ['gateway', ...SUBGRAPH_NAMES];
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const readRepoFile = (path: string) => readFileSync(`${REPO_ROOT}${path}`, 'utf8');
/** A client that puts an id in its operation name: must not become a label anywhere. */
const ID_LIKE_NAME = 'Resume_0191d5c2a8e47f3b9c1d';

/** Gateway + 4 subgraphs as separate processes; each serves its own /metrics. */
describe('metrics of the running platform', () => {
  let e2e: E2EPlatform;
  beforeAll(async () => {
    e2e = await startE2EPlatform('obs');
  }, 120_000);
  afterAll(() => e2e?.stop());

  const scrapeOf = (service: ServiceName) => scrape(e2e.platform.urls[service]);
  /** A service's scrape once `ready` holds for it. */
  const scrapeWhen = (service: ServiceName, ready: (scraped: Scrape) => boolean) =>
    eventually(async () => {
      const scraped = await scrapeOf(service);
      return ready(scraped) ? scraped : undefined;
    }, 20_000);

  it('counts GraphQL operations by name and result, errors by code, and labels no id-like name', async () => {
    const before = await scrapeOf('gateway');
    const user = await e2e.register('Mary Jackson');
    const viewer = await e2e.gateway('query ObservedViewer { me { id } }', {}, user.accessToken);
    expect(viewer.errors).toBeUndefined();
    const failure = await e2e.gateway(
      'mutation ObservedFailure($input: LoginInput!) { login(input: $input) { accessToken } }',
      { input: { email: user.email, password: 'not the password at all' } },
    );
    const code = failure.errors?.[0]?.extensions?.code as string;
    expect(code).toMatch(/^[A-Z_]+$/);
    const idLike = await graphqlRequest(
      e2e.platform.urls.gateway,
      `query ${ID_LIKE_NAME} { me { id } }`,
      {},
      bearer(user.accessToken),
    );
    expect(idLike.errors).toBeUndefined();

    const after = await scrapeOf('gateway');
    const delta = (name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(
      delta('hiregraph_graphql_requests_total', { operation: 'ObservedViewer', type: 'query', result: 'ok' }),
    ).toBe(1);
    expect(delta('hiregraph_graphql_requests_total', { operation: 'ObservedViewer', result: 'error' })).toBe(
      0,
    );
    expect(
      delta('hiregraph_graphql_requests_total', {
        operation: 'ObservedFailure',
        type: 'mutation',
        result: 'error',
      }),
    ).toBe(1);
    expect(delta('hiregraph_graphql_errors_total', { operation: 'ObservedFailure', code })).toBe(1);
    expect(
      delta('hiregraph_graphql_requests_total', { operation: 'anonymous', type: 'mutation', result: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(delta('hiregraph_graphql_requests_total', { operation: 'other', result: 'ok' })).toBe(1);
    expect(
      delta('hiregraph_graphql_request_duration_seconds_count', {
        operation: 'ObservedViewer',
        result: 'ok',
      }),
    ).toBe(1);
    expect(
      delta('hiregraph_http_requests_total', { method: 'POST', route: '/graphql', status: '200' }),
    ).toBeGreaterThanOrEqual(4);
    expect(
      delta('hiregraph_subgraph_fetch_duration_seconds_count', { subgraph: 'users', result: 'ok' }),
    ).toBeGreaterThanOrEqual(2);

    // The subgraph counts the gateway's operation for it (named after the client's) with the same plugin.
    const users = await scrapeOf('users');
    const subgraphOperations = users.samples.filter(
      (sample) =>
        sample.name === 'hiregraph_graphql_requests_total' &&
        sample.labels.operation.startsWith('ObservedViewer'),
    );
    expect(subgraphOperations.length).toBeGreaterThan(0);
    for (const service of SERVICES) {
      const scraped = service === 'users' ? users : service === 'gateway' ? after : await scrapeOf(service);
      const leaked = scraped.samples.filter((sample) =>
        Object.values(sample.labels).some((value) => value.includes('0191d5c2')),
      );
      expect({ service, leaked }).toEqual({ service, leaked: [] });
    }
  });

  it('counts events published, consumed and dead-lettered by subject, and samples lag and outbox depth', async () => {
    await e2e.register('Dorothy Vaughan');
    const users = await scrapeWhen(
      'users',
      (s) => valueOf(s, 'hiregraph_events_published_total', { subject: 'user.registered' }) >= 1,
    );
    expect(valueOf(users, 'hiregraph_outbox_depth', { service: 'users' })).toBeGreaterThanOrEqual(0);
    expect(
      users.samples.some((s) => s.name === 'hiregraph_outbox_depth' && s.labels.service === 'users'),
    ).toBe(true);
    await scrapeWhen(
      'resumes',
      (s) =>
        valueOf(s, 'hiregraph_events_consumed_total', {
          subject: 'user.registered',
          consumer: 'resumes_owner_projection',
          result: 'ok',
        }) >= 1,
    );

    const nc = await connect({ servers: e2e.ns.config.NATS_URL });
    try {
      // A message no consumer can parse goes straight to the dead letters.
      await jetstream(nc).publish(eventSubject(e2e.ns.name, 'user.registered'), 'not an event', {
        msgID: newId(),
      });
      const resumes = await scrapeWhen(
        'resumes',
        (s) =>
          valueOf(s, 'hiregraph_events_dead_lettered_total', {
            subject: 'user.registered',
            consumer: 'resumes_owner_projection',
          }) >= 1,
      );
      // Lag is sampled for exactly the durable consumers this service runs, from JetStream.
      const jsm = await jetstreamManager(nc);
      const durables: string[] = [];
      for await (const info of jsm.consumers.list(eventStreamName(e2e.ns.name))) {
        if (info.name.startsWith('resumes_')) durables.push(info.name);
      }
      const sampled = resumes.samples
        .filter((s) => s.name === 'hiregraph_event_consumer_pending')
        .map((s) => s.labels.consumer);
      expect(sampled.sort()).toEqual(durables.sort());
      expect(durables.length).toBeGreaterThan(0);
    } finally {
      await nc.close();
    }
  });

  it('counts and times import and AI jobs', async () => {
    const user = await e2e.register('Katherine Goble');
    const imported = await e2e.gateway(
      'mutation ($t: String!) { importResumeText(text: $t, title: "Pasted") { id } }',
      {
        t: 'Katherine Goble\nPlatform Engineer\n\nExperience\nPlatform Engineer, Initech, 2019 - present\nRan Kubernetes clusters.\n\nSkills\nKubernetes, Go',
      },
      user.accessToken,
    );
    expect(imported.errors).toBeUndefined();
    const resumes = await scrapeWhen(
      'resumes',
      (s) => valueOf(s, 'hiregraph_jobs_total', { job: 'resume_import' }) >= 1,
    );
    expect(valueOf(resumes, 'hiregraph_jobs_total', { job: 'resume_import', result: 'ok' })).toBe(1);
    expect(
      valueOf(resumes, 'hiregraph_job_duration_seconds_count', { job: 'resume_import', result: 'ok' }),
    ).toBe(1);
    // The parsed resume is embedded by matching (resume.parsed).
    await scrapeWhen(
      'matching',
      (s) => valueOf(s, 'hiregraph_jobs_total', { job: 'resume_embedding', result: 'ok' }) >= 1,
    );
  });

  it('follows live connections, subscriptions and deliveries at the gateway', async () => {
    const idle = await scrapeOf('gateway');
    for (const name of ['hiregraph_live_connections', 'hiregraph_live_subscriptions']) {
      expect({ name, value: valueOf(idle, name) }).toEqual({ name, value: 0 });
    }
    const owner = await e2e.register('Christine Darden');
    const imported = await e2e.gateway(
      'mutation ($t: String!) { importResumeText(text: $t, title: "Live") { id } }',
      { t: 'Christine Darden\nEngineer\n\nSkills\nFortran' },
      owner.accessToken,
    );
    const live = subscribe(
      e2e.platform.urls.gateway.replace(/^http/, 'ws'),
      owner.accessToken,
      'subscription ($id: ID!) { resumeStatus(resumeId: $id, after: "0") { cursor status } }',
      { id: imported.data.importResumeText.id },
    );
    try {
      await eventually(() => live.received.events.length >= 1, 20_000);
      const watching = await scrapeWhen(
        'gateway',
        (s) => valueOf(s, 'hiregraph_live_deliveries_total') >= live.received.events.length,
      );
      expect(valueOf(watching, 'hiregraph_live_connections')).toBe(1);
      expect(valueOf(watching, 'hiregraph_live_subscriptions')).toBe(1);
    } finally {
      await live.dispose();
    }
    await scrapeWhen(
      'gateway',
      (s) =>
        valueOf(s, 'hiregraph_live_connections') === 0 && valueOf(s, 'hiregraph_live_subscriptions') === 0,
    );
  });

  it('serves the runtime and HTTP families on every service', async () => {
    for (const service of SERVICES) {
      const scraped = await scrapeOf(service);
      expect({ service, heap: scraped.types.get('nodejs_heap_size_used_bytes') }).toEqual({
        service,
        heap: 'gauge',
      });
      expect(
        valueOf(scraped, 'hiregraph_http_requests_total', { route: '/metrics', status: '200' }),
      ).toBeGreaterThan(0);
    }
  });

  describe('deploy/', () => {
    const prometheus = parse(readRepoFile('deploy/prometheus/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: {
        job_name: string;
        metrics_path?: string;
        static_configs: { targets: string[]; labels?: Record<string, string> }[];
      }[];
    };
    const alerts = parse(readRepoFile('deploy/prometheus/alerts.yml')) as {
      groups: { name: string; rules: { alert: string; expr: string }[] }[];
    };
    const dashboard = JSON.parse(readRepoFile('deploy/grafana/dashboards/hiregraph.json')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const compose = parse(readRepoFile('docker-compose.yml'), { merge: true }) as {
      services: Record<
        string,
        { image?: string; volumes?: string[]; depends_on?: unknown; environment?: Record<string, unknown> }
      >;
    };

    it('scrapes /metrics of the gateway and every subgraph on the port each serves it on in docker-compose.yml', () => {
      const targets = prometheus.scrape_configs.flatMap((config) => {
        expect(config.metrics_path ?? '/metrics').toBe('/metrics');
        return config.static_configs.flatMap((group) => group.targets);
      });
      // METRICS_PORT when the service has one (then its public port answers 404), else its public port.
      const metricsPort = (name: (typeof SERVICES)[number]) =>
        compose.services[name]?.environment?.METRICS_PORT ?? DEFAULT_PORTS[name];
      expect(targets.sort()).toEqual(SERVICES.map((name) => `${name}:${metricsPort(name)}`).sort());
      for (const name of SERVICES) expect(compose.services[name]).toBeDefined();
      expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    });

    it('runs Prometheus and Grafana in docker-compose.yml with these files mounted', () => {
      expect(compose.services.prometheus?.image).toMatch(/^prom\/prometheus:/);
      expect(compose.services.prometheus?.volumes).toContain('./deploy/prometheus:/etc/prometheus:ro');
      expect(compose.services.grafana?.image).toMatch(/^grafana\/grafana:/);
      expect(compose.services.grafana?.volumes).toEqual(
        expect.arrayContaining([
          './deploy/grafana/provisioning:/etc/grafana/provisioning:ro',
          './deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro',
        ]),
      );
      const datasource = parse(readRepoFile('deploy/grafana/provisioning/datasources/prometheus.yml'));
      expect(datasource.datasources[0].url).toBe('http://prometheus:9090');
    });

    it('alerts and dashboards only on metrics the running services export', async () => {
      const exported = new Set<string>(['up']); // Prometheus's own, per target
      for (const service of SERVICES)
        for (const name of exportedNames(await scrapeOf(service))) exported.add(name);
      const expressions = [
        ...alerts.groups.flatMap((group) => group.rules.map((rule) => [`alert ${rule.alert}`, rule.expr])),
        ...dashboard.panels.flatMap((panel) =>
          (panel.targets ?? []).map((target) => [`panel ${panel.title}`, target.expr]),
        ),
      ];
      const referenced = expressions.flatMap(([where, expr]) =>
        metricNamesIn(expr).map((name) => ({ where, name })),
      );
      expect(new Set(referenced.map(({ name }) => name)).size).toBeGreaterThan(15);
      const missing = referenced.filter(({ name }) => !exported.has(name));
      expect(missing).toEqual([]);
    });
  });
});
