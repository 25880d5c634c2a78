import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectNats } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { eventually } from './namespace.js';

/**
 * A TCP relay the test controls, in front of a real server (e.g. PostgreSQL on 127.0.0.1:5432):
 * `cut()` drops every open connection and refuses new ones with a reset until `restore()`, which
 * is what clients see when the server behind stops and comes back.
 */
export interface TcpOutageProxy {
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpOutageProxy(target: { host: string; port: number }): Promise<TcpOutageProxy> {
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cut = () => {
    down = true;
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
  };
  return {
    port: (server.address() as AddressInfo).port,
    cut,
    restore() {
      down = false;
    },
    async close() {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A private redis-server on a Unix socket (no port to race for), which a test may stop and start
 * again at the same address.
 */
export interface PrivateRedis {
  /** What REDIS_URL takes (ioredis reads a path as a Unix socket). */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'hiregraph-redis-'));
  const socket = join(dir, 'redis.sock');
  let child: ChildProcess | undefined;

  async function start() {
    if (child && child.exitCode === null) return;
    const process = spawn(
      'redis-server',
      ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    child = process;
    await eventually(async () => {
      if (process.exitCode !== null) throw new Error(`redis-server exited with ${process.exitCode}`);
      const probe = new Redis(socket, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    });
  }

  async function stop() {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  }

  await start();
  return {
    url: socket,
    start,
    stop,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A private JetStream nats-server, which a test may stop and start again at the same address; its
 * streams survive restarts (file store in a temporary directory).
 */
export interface PrivateNats {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startPrivateNats(): Promise<PrivateNats> {
  const dir = await mkdtemp(join(tmpdir(), 'hiregraph-nats-'));
  let child: ChildProcess | undefined;
  // -1: the first start picks a free port itself and reports it in a ports file (no race for it).
  let port = -1;
  const url = () => `nats://127.0.0.1:${port}`;

  async function start() {
    if (child && child.exitCode === null) return;
    const portsDir = await mkdtemp(join(dir, 'ports-'));
    const process = spawn(
      '/usr/sbin/nats-server',
      ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', join(dir, 'store'), '--ports_file_dir', portsDir],
      { stdio: 'ignore' },
    );
    child = process;
    if (port === -1) {
      const file = await eventually(async () => {
        if (process.exitCode !== null) throw new Error(`nats-server exited with ${process.exitCode}`);
        return (await readdir(portsDir)).find((name) => name.endsWith('.ports'));
      });
      const { nats } = JSON.parse(await readFile(join(portsDir, file), 'utf8')) as { nats: string[] };
      port = Number(new URL(nats[0]).port);
    }
    await eventually(async () => {
      if (process.exitCode !== null) throw new Error(`nats-server exited with ${process.exitCode}`);
      const probe = await connectNats({ servers: url(), reconnect: false });
      await probe.close();
      return true;
    });
  }

  async function stop() {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  }

  await start();
  return {
    get url() {
      return url();
    },
    start,
    stop,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
