import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { styleText } from 'node:util';
import { isListeningReport, REPORT_LISTENING_ENV } from '@hiregraph/platform/listening';

/**
 * One Node process to run: `process.execPath <entry>`, healthy once `healthPath` on its port answers
 * 2xx. With port 0 the service binds any free port itself and reports it over IPC
 * (libs/platform/src/listening.ts), so no port is ever picked here and then lost to another process.
 */
export interface ServiceSpec {
  name: string;
  entry: string;
  /** Node options before the entry (e.g. `--import` of the tracing set-up). */
  nodeArgs?: string[];
  host: string;
  /** The port the service is told to bind (its env says so too); 0 = it picks one and reports it. */
  port: number;
  healthPath: string;
  env: NodeJS.ProcessEnv;
}

/** Receives every line a service prints (stdout and stderr). */
export type OutputSink = (service: string, line: string) => void;

export interface ServiceExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The service's last output lines: usually the reason it exited. */
  lastOutput: string[];
}

export interface ServiceGroupOptions {
  cwd?: string;
  output?: OutputSink;
  /** How long a service may take to answer its health URL. */
  healthTimeoutMs?: number;
  /** How long a service may take to exit after SIGTERM before it gets SIGKILL. */
  stopTimeoutMs?: number;
  /** A healthy service exited without being asked to. */
  onUnexpectedExit?: (exit: ServiceExit) => void;
}

interface RunningService {
  spec: ServiceSpec;
  child: ChildProcess;
  exited: Promise<ServiceExit>;
  exit?: ServiceExit;
  /** Known from the spec, or once the service reported the port it bound. */
  port?: number;
  /** Resolves when the port is known (or the service exited first). */
  portKnown: Promise<void>;
  healthy: boolean;
  stopping: boolean;
  /** Last lines of output, quoted when the service fails to start. */
  recentOutput: string[];
}

const RECENT_OUTPUT_LINES = 30;
/** How many of those an error message quotes. */
const QUOTED_OUTPUT_LINES = 15;
const HEALTH_POLL_MS = 100;

/**
 * Child processes started and stopped as a group. Plain child_process: each service is one Node
 * process, so all this needs is spawn, line-prefixed output, a health poll and signal escalation.
 */
export class ServiceGroup {
  private readonly services = new Map<string, RunningService>();
  private readonly output: OutputSink;
  private readonly healthTimeoutMs: number;
  private readonly stopTimeoutMs: number;

  constructor(private readonly options: ServiceGroupOptions = {}) {
    this.output = options.output ?? prefixedOutput();
    this.healthTimeoutMs = options.healthTimeoutMs ?? 60_000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
  }

  isRunning(name: string): boolean {
    const service = this.services.get(name);
    return service !== undefined && service.exit === undefined;
  }

  running(): string[] {
    return [...this.services.keys()].filter((name) => this.isRunning(name));
  }

  /** The port a running (or last run) service listens on, once known. */
  port(name: string): number | undefined {
    return this.services.get(name)?.port;
  }

  /**
   * Spawns the service and resolves with its port once it is healthy; on failure it is stopped
   * again and this rejects, quoting the service's last output.
   */
  async start(spec: ServiceSpec, signal?: AbortSignal): Promise<number> {
    if (this.isRunning(spec.name)) throw new Error(`${spec.name} is already running`);
    if (!existsSync(spec.entry))
      throw new Error(`${spec.entry} not found: build first (npx turbo run build)`);
    // A leftover process on the port would answer the health check in our child's place.
    if (spec.port !== 0 && (await portAnswers(spec.host, spec.port))) {
      throw new Error(`${spec.name}: port ${spec.port} on ${spec.host} is already in use`);
    }
    signal?.throwIfAborted();

    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.entry], {
      cwd: this.options.cwd,
      env: { ...spec.env, [REPORT_LISTENING_ENV]: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const service: RunningService = {
      spec,
      child,
      port: spec.port === 0 ? undefined : spec.port,
      portKnown: undefined as never,
      healthy: false,
      stopping: false,
      recentOutput: [],
      exited: undefined as never,
    };
    service.exited = new Promise((resolve) => {
      const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) => {
        service.exit ??= { name: spec.name, code, signal: exitSignal, lastOutput: [...service.recentOutput] };
        resolve(service.exit);
        if (service.healthy && !service.stopping) this.options.onUnexpectedExit?.(service.exit);
      };
      // 'close' rather than 'exit': it comes after the output pipes drained, so no last line is lost.
      child.once('close', onExit);
      child.once('error', (error) => {
        this.print(service, `failed to spawn: ${error.message}`);
        if (child.pid === undefined) onExit(null, null); // no 'exit' follows a failed spawn
      });
    });
    service.portKnown = new Promise<void>((resolve) => {
      if (service.port !== undefined) return resolve();
      child.on('message', (message) => {
        if (!isListeningReport(message)) return;
        service.port = message.port;
        resolve();
      });
      void service.exited.then(() => resolve());
    });
    this.services.set(spec.name, service);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
          this.print(service, line),
        );
    }

    try {
      await this.waitForHealth(service, signal);
      service.healthy = true;
      return service.port!;
    } catch (error) {
      await this.stop(spec.name);
      throw error;
    }
  }

  /** SIGTERM (or `signal`), then SIGKILL if the service has not exited within the stop timeout. */
  async stop(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const service = this.services.get(name);
    if (!service || service.exit) return;
    service.stopping = true;
    service.child.kill(signal);
    const timeout = new AbortController();
    const exitedInTime = await Promise.race([
      service.exited.then(() => true),
      delay(this.stopTimeoutMs, false, { signal: timeout.signal }).catch(() => true),
    ]);
    timeout.abort();
    if (!exitedInTime) {
      this.print(service, `did not exit within ${this.stopTimeoutMs} ms; sending SIGKILL`);
      service.child.kill('SIGKILL');
      await service.exited;
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running().map((name) => this.stop(name)));
  }

  private async waitForHealth(service: RunningService, signal?: AbortSignal): Promise<void> {
    const { name, host, healthPath } = service.spec;
    const deadline = Date.now() + this.healthTimeoutMs;
    for (;;) {
      if (service.exit) {
        throw new Error(
          `${name} exited (${describeExit(service.exit)}) before it became healthy${lastOutput(service.exit.lastOutput)}`,
        );
      }
      signal?.throwIfAborted();
      const healthUrl =
        service.port === undefined ? undefined : `http://${host}:${service.port}${healthPath}`;
      if (healthUrl && (await answersOk(healthUrl))) return;
      if (Date.now() > deadline) {
        const what = healthUrl ? `answer ${healthUrl}` : 'report the port it listens on';
        throw new Error(
          `${name} did not ${what} within ${this.healthTimeoutMs} ms${lastOutput(service.recentOutput)}`,
        );
      }
      await Promise.race([delay(HEALTH_POLL_MS), service.exited, service.portKnown]);
    }
  }

  private print(service: RunningService, line: string): void {
    service.recentOutput.push(line);
    if (service.recentOutput.length > RECENT_OUTPUT_LINES) service.recentOutput.shift();
    this.output(service.spec.name, line);
  }
}

export function describeExit(exit: ServiceExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

/** `; last output:` and the last lines a service printed (or nothing when it printed none), for errors. */
export function lastOutput(lines: readonly string[]): string {
  const quoted = lines.slice(-QUOTED_OUTPUT_LINES);
  return quoted.length === 0 ? '' : `; last output:\n${quoted.join('\n')}`;
}

async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answers: boolean) => {
      socket.destroy();
      resolve(answers);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}

const TAG_COLORS = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'] as const;

/** Writes each line as `[name] line`, the tag colored per service (plain when not a terminal). */
export function prefixedOutput(stream: NodeJS.WriteStream = process.stdout): OutputSink {
  const colors = new Map<string, (typeof TAG_COLORS)[number]>();
  return (service, line) => {
    if (!colors.has(service)) colors.set(service, TAG_COLORS[colors.size % TAG_COLORS.length]);
    const tag = styleText(colors.get(service)!, `[${service}]`.padEnd(10), { stream });
    stream.write(`${tag} ${line}\n`);
  };
}
