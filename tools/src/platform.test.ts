import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { startPlatform, type Platform, type ServiceExit } from './platform.js';
import { writeFixtureService } from './testing/fixture-service.js';
import { freePorts } from './testing/ports.js';

/** A checkout-shaped directory whose services are fixture processes, to test the wiring alone. */
async function fixtureCheckout(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hiregraph-platform-'));
  for (const name of ['users', 'resumes', 'jobs', 'matching']) {
    await writeFixtureService(path.join(root, 'subgraphs', name, 'dist', 'main.js'), name);
  }
  await writeFixtureService(path.join(root, 'gateway', 'dist', 'main.js'), 'gateway');
  return root;
}

interface FixtureAnswer {
  name: string;
  env: Record<string, string>;
}

async function ask(url: string): Promise<FixtureAnswer> {
  return (await fetch(url)).json() as Promise<FixtureAnswer>;
}

async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    () => true,
    () => false,
  );
}

describe('startPlatform', () => {
  let root: string;
  let platform: Platform | undefined;
  const silent = () => {};

  beforeAll(async () => {
    root = await fixtureCheckout();
  });
  afterEach(async () => {
    await platform?.stopAll();
    platform = undefined;
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('boots every service on its port with the shared env, and tells the gateway where subgraphs are', async () => {
    platform = await startPlatform({
      root,
      ports: 'auto',
      env: { DATABASE_PREFIX: 'platform_test' },
      output: silent,
    });
    expect(new Set(Object.values(platform.ports)).size).toBe(5);
    expect(platform.urls.gateway).toBe(`http://127.0.0.1:${platform.ports.gateway}/graphql`);

    const gateway = await ask(platform.urls.gateway);
    expect(gateway.name).toBe('gateway');
    expect(gateway.env).toMatchObject({
      DATABASE_PREFIX: 'platform_test',
      USERS_PORT: String(platform.ports.users),
      USERS_URL: platform.urls.users,
      MATCHING_URL: platform.urls.matching,
      // Told to bind any port; the platform learnt which one it got.
      GATEWAY_PORT: '0',
    });
    for (const name of ['users', 'resumes', 'jobs', 'matching'] as const) {
      expect((await ask(platform.urls[name])).name).toBe(name);
    }
  });

  it('stops and restarts a single subgraph', async () => {
    platform = await startPlatform({ root, ports: 'auto', output: silent });
    await platform.stop('jobs', 'SIGKILL');
    expect(platform.isRunning('jobs')).toBe(false);
    expect(await answers(platform.urls.jobs)).toBe(false);
    expect(await answers(platform.urls.users)).toBe(true);

    await platform.start('jobs');
    expect(platform.isRunning('jobs')).toBe(true);
    // Back on the port the gateway knows it by.
    expect(await answers(platform.urls.jobs)).toBe(true);
    expect((await ask(platform.urls.jobs)).env.JOBS_PORT).toBe(String(platform.ports.jobs));
  });

  it('boots two platforms at once, each service on a port it bound itself', async () => {
    const [first, second] = await Promise.all([
      startPlatform({ root, ports: 'auto', output: silent }),
      startPlatform({ root, ports: 'auto', output: silent }),
    ]);
    try {
      const ports = [...Object.values(first.ports), ...Object.values(second.ports)];
      expect(new Set(ports).size).toBe(10);
      expect((await ask(second.urls.users)).env.USERS_PORT).toBe('0');
      // Subgraphs started after users know where it is (they fetch its JWKS).
      expect((await ask(first.urls.jobs)).env.USERS_PORT).toBe(String(first.ports.users));
    } finally {
      await Promise.all([first.stopAll(), second.stopAll()]);
    }
  });

  it('takes ports from options, then <NAME>_PORT, then the defaults; boots only what it is asked to', async () => {
    const [usersPort, jobsPort] = await freePorts(2);
    platform = await startPlatform({
      root,
      subgraphs: ['users', 'jobs'],
      gateway: false,
      ports: { users: usersPort },
      env: { JOBS_PORT: String(jobsPort) },
      output: silent,
    });
    expect(platform.ports).toMatchObject({ users: usersPort, jobs: jobsPort, gateway: 4000, resumes: 4002 });
    expect(platform.isRunning('users') && platform.isRunning('jobs')).toBe(true);
    expect(platform.isRunning('gateway') || platform.isRunning('resumes')).toBe(false);
  });

  it('stops what it started when a service fails to start, and says why', async () => {
    const ports = await freePorts(5);
    const options = {
      root,
      ports: { users: ports[0], resumes: ports[1], jobs: ports[2], matching: ports[3], gateway: ports[4] },
      env: { FIXTURE_FAIL: 'gateway' },
      output: silent,
    };
    await expect(startPlatform(options)).rejects.toThrow(
      /gateway exited \(code 3\).*\ngateway: cannot start/s,
    );
    expect(await answers(`http://127.0.0.1:${ports[0]}/healthz`)).toBe(false);
  });

  it('fails startup when a subgraph that was up dies while the gateway starts, and quotes why', async () => {
    const env = { FIXTURE_SLOW: 'gateway', FIXTURE_EXIT: 'users', FIXTURE_EXIT_AFTER_MS: '600' };
    await expect(startPlatform({ root, ports: 'auto', env, output: silent })).rejects.toThrow(
      /users exited \(code 7\) while the platform was starting; last output:\n.*\nusers: lost its database$/,
    );
  });

  it('reports a service that dies after startup with its last output', async () => {
    const exits: ServiceExit[] = [];
    platform = await startPlatform({
      root,
      ports: 'auto',
      env: { FIXTURE_EXIT: 'resumes', FIXTURE_EXIT_AFTER_MS: '2500' },
      output: silent,
      onUnexpectedExit: (exit) => exits.push(exit),
    });
    await eventually(async () => exits.length > 0, 10_000);
    expect(exits[0]).toMatchObject({ name: 'resumes', code: 7 });
    expect(exits[0].lastOutput).toContain('resumes: lost its database');
  });
});
