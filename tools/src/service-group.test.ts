import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ServiceGroup, type ServiceExit, type ServiceSpec } from './service-group.js';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { writeFixtureService } from './testing/fixture-service.js';
import { freePorts } from './testing/ports.js';

describe('ServiceGroup', () => {
  let dir: string;
  let entry: string;
  let group: ServiceGroup | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hiregraph-services-'));
    entry = await writeFixtureService(path.join(dir, 'service.mjs'), 'svc');
  });
  afterEach(async () => {
    await group?.stopAll();
    lines.length = 0;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Port 0 by default: the service binds a free port and reports it. */
  function spec(env: NodeJS.ProcessEnv = {}, port = 0): ServiceSpec {
    return {
      name: 'svc',
      entry,
      host: '127.0.0.1',
      port,
      healthPath: '/healthz',
      env: { ...process.env, PORT: String(port), ...env },
    };
  }
  const healthUrl = (port: number) => `http://127.0.0.1:${port}/healthz`;

  function newGroup(options: ConstructorParameters<typeof ServiceGroup>[0] = {}) {
    group = new ServiceGroup({ output: (name, line) => lines.push(`${name}: ${line}`), ...options });
    return group;
  }

  it('starts a service, resolves with the port it reported once it is healthy, and stops it with SIGTERM', async () => {
    const services = newGroup();
    const port = await services.start(spec());
    expect(port).toBeGreaterThan(0);
    expect(services.port('svc')).toBe(port);
    expect(services.isRunning('svc')).toBe(true);
    expect((await fetch(healthUrl(port))).status).toBe(200);
    expect(lines).toContain(`svc: svc listening on ${port}`);

    await services.stop('svc');
    expect(services.isRunning('svc')).toBe(false);
    expect(lines).toContain('svc: stopping');
    await expect(fetch(healthUrl(port))).rejects.toThrow();
  });

  it('starts many services at once on port 0 without any two wanting the same port', async () => {
    const groups = Array.from({ length: 6 }, () => new ServiceGroup({ output: () => {} }));
    try {
      const ports = await Promise.all(groups.map((services) => services.start(spec())));
      expect(new Set(ports).size).toBe(6);
    } finally {
      await Promise.all(groups.map((services) => services.stopAll()));
    }
  });

  it('starts a service on a given port, e.g. to restart it where it was', async () => {
    const services = newGroup();
    const first = await services.start(spec());
    await services.stop('svc');
    expect(await services.start(spec({}, first))).toBe(first);
    expect((await fetch(healthUrl(first))).status).toBe(200);
  });

  it('escalates to SIGKILL when a service ignores SIGTERM', async () => {
    const services = newGroup({ stopTimeoutMs: 300 });
    await services.start(spec({ FIXTURE_IGNORE_SIGTERM: 'svc' }));
    await services.stop('svc');
    expect(services.isRunning('svc')).toBe(false);
    expect(lines).toEqual(
      expect.arrayContaining(['svc: ignoring SIGTERM', 'svc: did not exit within 300 ms; sending SIGKILL']),
    );
  });

  it('rejects with the last output lines when a service exits before it is healthy', async () => {
    const services = newGroup();
    const failure = services.start(spec({ FIXTURE_FAIL: 'svc' }));
    await expect(failure).rejects.toThrow(
      /svc exited \(code 3\) before it became healthy; last output:\n(svc: starting step \d+\n){14}svc: cannot start$/,
    );
    // The cause is at the end; the oldest lines make way for it.
    await expect(failure).rejects.toThrow(/svc: starting step 20\n/);
    await expect(failure).rejects.not.toThrow(/svc: starting step 6\n/);
  });

  it('reports a healthy service that exits on its own, but not one that was stopped', async () => {
    const exits: ServiceExit[] = [];
    const services = newGroup({ onUnexpectedExit: (exit) => exits.push(exit) });
    await services.start(spec({ FIXTURE_EXIT: 'svc', FIXTURE_EXIT_AFTER_MS: '600' }));
    await eventually(async () => exits.length > 0);
    expect(exits).toEqual([
      { name: 'svc', code: 7, signal: null, lastOutput: [expect.any(String), 'svc: lost its database'] },
    ]);

    await services.start(spec());
    await services.stop('svc', 'SIGKILL');
    expect(exits).toHaveLength(1);
  });

  it('refuses a port that something else already listens on', async () => {
    const [port] = await freePorts(1);
    const svc = spec({}, port);
    const squatter = net.createServer().listen(svc.port, '127.0.0.1');
    await new Promise((resolve) => squatter.once('listening', resolve));
    try {
      await expect(newGroup().start(svc)).rejects.toThrow(
        `svc: port ${svc.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      squatter.close();
    }
  });

  it('gives up waiting when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('startup cancelled'));
    await expect(newGroup().start(spec(), controller.signal)).rejects.toThrow('startup cancelled');
  });

  it('tells to build when the entry is missing', async () => {
    const svc = { ...spec(), entry: path.join(dir, 'missing.js') };
    await expect(newGroup().start(svc)).rejects.toThrow(/missing\.js not found: build first/);
  });
});
