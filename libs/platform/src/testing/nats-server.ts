import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { eventually } from './namespace.js';

/** A NATS server of this test's own, so the test can stop it; its data survives restarts. */
export class OwnNatsServer {
  private process: ChildProcess | undefined;
  port = -1;

  constructor(private readonly directory: string) {}

  async start(): Promise<void> {
    const portsDir = await mkdtemp(join(this.directory, 'ports-'));
    // The first start lets the server pick a free port (-p -1) and report it in a ports file;
    // restarts reuse it, so the clients reconnect to the same address.
    this.process = spawn(
      '/usr/sbin/nats-server',
      ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', join(this.directory, 'store')].concat(
        this.port === -1 ? ['--ports_file_dir', portsDir] : [],
      ),
      { stdio: 'ignore' },
    );
    if (this.port === -1) {
      const file = await eventually(async () =>
        (await readdir(portsDir)).find((name) => name.endsWith('.ports')),
      );
      const { nats } = JSON.parse(await readFile(join(portsDir, file), 'utf8')) as { nats: string[] };
      this.port = Number(new URL(nats[0]).port);
    }
    await eventually(async () => {
      const probe = await connect({ servers: this.url, reconnect: false });
      await probe.close();
      return true;
    });
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** SIGTERM by default; SIGKILL for a crash (JetStream's file store keeps what it had synced). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
