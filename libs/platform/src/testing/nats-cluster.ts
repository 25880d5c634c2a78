import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { eventually } from './namespace.js';

/** A port nobody listens on now (the OS picks it); kept for the node's restarts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface ClusterNode {
  name: string;
  clientPort: number;
  routePort: number;
  config: string;
  process?: ChildProcess;
}

/**
 * A three-server NATS cluster with JetStream (NATS 2.9) on loopback, of this test's own: each server
 * has its own client and route ports, its own store directory under `directory` and a server_name,
 * and keeps them across restarts, so a killed server comes back as the same cluster member.
 */
export class OwnNatsCluster {
  private readonly nodes: ClusterNode[] = [];

  constructor(
    private readonly directory: string,
    private readonly size = 3,
  ) {}

  /** Starts every server, then waits until JetStream has a meta leader (the cluster can take streams). */
  async start(): Promise<void> {
    if (this.nodes.length === 0) {
      for (let i = 0; i < this.size; i += 1) {
        this.nodes.push({
          name: `n${i + 1}`,
          clientPort: await freePort(),
          routePort: await freePort(),
          config: join(this.directory, `n${i + 1}.conf`),
        });
      }
      const routes = this.nodes.map((node) => `nats-route://127.0.0.1:${node.routePort}`).join(', ');
      for (const node of this.nodes) {
        const store = join(this.directory, node.name);
        await mkdir(store, { recursive: true });
        await writeFile(
          node.config,
          [
            `server_name: ${node.name}`,
            `listen: 127.0.0.1:${node.clientPort}`,
            `jetstream { store_dir: "${store}" }`,
            `cluster { name: hiregraph_test, listen: 127.0.0.1:${node.routePort}, routes: [${routes}] }`,
          ].join('\n'),
        );
      }
    }
    for (const node of this.nodes) this.spawn(node);
    await this.waitForJetStream();
  }

  private spawn(node: ClusterNode): void {
    node.process = spawn('/usr/sbin/nats-server', ['-c', node.config], { stdio: 'ignore' });
  }

  /** Every server, comma-separated: what NATS_URL is set to. */
  get url(): string {
    return this.nodes.map((node) => `nats://127.0.0.1:${node.clientPort}`).join(',');
  }

  get serverNames(): string[] {
    return this.nodes.map((node) => node.name);
  }

  /** Resolves once a JetStream API call answers through any server (a meta leader was elected). */
  async waitForJetStream(timeoutMs = 30_000): Promise<void> {
    await eventually(async () => {
      const probe = await connect({ servers: this.url.split(','), reconnect: false, timeout: 1_000 });
      try {
        await (await jetstreamManager(probe, { timeout: 2_000 })).getAccountInfo();
        return true;
      } catch {
        return false;
      } finally {
        await probe.close();
      }
    }, timeoutMs);
  }

  /** The server_name of the server leading `stream` (its JetStream Raft group). */
  async leaderOf(stream: string): Promise<string> {
    const connection = await connect({ servers: this.url.split(','), timeout: 2_000 });
    try {
      const info = await (await jetstreamManager(connection, { timeout: 5_000 })).streams.info(stream);
      const leader = info.cluster?.leader;
      if (!leader) throw new Error(`stream ${stream} has no leader`);
      return leader;
    } finally {
      await connection.close();
    }
  }

  private node(name: string): ClusterNode {
    const node = this.nodes.find((candidate) => candidate.name === name);
    if (!node) throw new Error(`no server ${name} in the cluster`);
    return node;
  }

  /** Stops one server: SIGKILL for a crash (the default), SIGTERM for a clean stop. */
  async stop(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.node(name).process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** Starts a stopped server again on its ports and store; resolves once it takes clients. */
  async restart(name: string): Promise<void> {
    const node = this.node(name);
    this.spawn(node);
    await eventually(async () => {
      const probe = await connect({
        servers: `nats://127.0.0.1:${node.clientPort}`,
        reconnect: false,
        timeout: 1_000,
      });
      await probe.close();
      return true;
    });
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.nodes.map((node) => this.stop(node.name)));
  }
}
