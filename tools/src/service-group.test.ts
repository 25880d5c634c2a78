import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePorts } from './platform.js';
import { ServiceGroup, type ServiceExit, type ServiceSpec } from './service-group.js';
import { writeFixtureService } from './testing/fixture-service.js';

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

  async function spec(env: NodeJS.ProcessEnv = {}): Promise<ServiceSpec> {
    const [port] = await freePorts(1);
    return {
      name: 'svc',
      entry,
      host: '127.0.0.1',
      port,
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      env: { ...process.env, PORT: String(port), ...env },
    };
  }

  function newGroup(options: ConstructorParameters<typeof ServiceGroup>[0] = {}) {
    group = new ServiceGroup({ output: (name, line) => lines.push(`${name}: ${line}`), ...options });
    return group;
  }

  it('starts a service, resolves once it is healthy, and stops it with SIGTERM', async () => {
    const services = newGroup();
    const svc = await spec();
    await services.start(svc);
    expect(services.isRunning('svc')).toBe(true);
    expect((await fetch(svc.healthUrl)).status).toBe(200);
    expect(lines).toContain(`svc: svc listening on ${svc.port}`);

    await services.stop('svc');
    expect(services.isRunning('svc')).toBe(false);
    expect(lines).toContain('svc: stopping');
    await expect(fetch(svc.healthUrl)).rejects.toThrow();
  });

  it('escalates to SIGKILL when a service ignores SIGTERM', async () => {
    const services = newGroup({ stopTimeoutMs: 300 });
    await services.start(await spec({ FIXTURE_IGNORE_SIGTERM: 'svc' }));
    await services.stop('svc');
    expect(services.isRunning('svc')).toBe(false);
    expect(lines).toEqual(
      expect.arrayContaining(['svc: ignoring SIGTERM', 'svc: did not exit within 300 ms; sending SIGKILL']),
    );
  });

  it('rejects with the last output when a service exits before it is healthy', async () => {
    const services = newGroup();
    await expect(services.start(await spec({ FIXTURE_FAIL: 'svc' }))).rejects.toThrow(
      /svc exited \(code 3\) before it became healthy; last output:\nsvc: cannot start/,
    );
  });

  it('reports a healthy service that exits on its own, but not one that was stopped', async () => {
    const exits: ServiceExit[] = [];
    const services = newGroup({ onUnexpectedExit: (exit) => exits.push(exit) });
    await services.start(await spec({ FIXTURE_EXIT: 'svc', FIXTURE_EXIT_AFTER_MS: '600' }));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(exits).toEqual([{ name: 'svc', code: 7, signal: null }]);

    await services.start(await spec());
    await services.stop('svc', 'SIGKILL');
    expect(exits).toHaveLength(1);
  });

  it('refuses a port that something else already listens on', async () => {
    const svc = await spec();
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
    await expect(newGroup().start(await spec(), controller.signal)).rejects.toThrow('startup cancelled');
  });

  it('tells to build when the entry is missing', async () => {
    const svc = { ...(await spec()), entry: path.join(dir, 'missing.js') };
    await expect(newGroup().start(svc)).rejects.toThrow(/missing\.js not found: build first/);
  });
});
