import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { SpanContext } from '@opentelemetry/api';

/** What a subgraph answered, body unparsed: deduplicated callers each parse their own copy. */
export interface SubgraphHttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SubgraphPost {
  url: URL;
  headers: Record<string, string>;
  body: string;
  /** Calls with the same key made while one is in flight share its answer; none without a key. */
  dedupeKey?: string;
  /** The caller's client span (tracing on): named to callers that share this call instead of sending theirs. */
  span?: SpanContext;
  /** Told, before the answer, that this call joined one in flight; `sender` is that call's span. */
  onShared?: (sender: SpanContext | undefined) => void;
}

interface InFlight {
  answer: Promise<SubgraphHttpResponse>;
  span?: SpanContext;
}

/** Idle keep-alive sockets are closed after this long (well before a subgraph's 65 s). */
const IDLE_SOCKET_MS = 30_000;

/** The subgraph had closed the kept-alive socket before our request reached it. */
class StaleSocketError extends Error {
  constructor(override readonly cause: Error) {
    super('kept-alive socket closed by the subgraph');
  }
}

/** Raised when a call outlives its deadline (same name as AbortSignal.timeout's, read by failureReason). */
export class SubgraphTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * POSTs to subgraphs over node:http with keep-alive sockets, and lets identical calls in flight at
 * the same moment share one answer. The global fetch (undici) and Apollo's node-fetch Request it
 * builds per call were 45% of the gateway's CPU profile; node:http on a pooled socket is the
 * cheapest client Node ships.
 */
export class SubgraphHttpClient {
  private readonly agent: Agent;
  private readonly httpsAgent: HttpsAgent;
  private readonly inFlight = new Map<string, InFlight>();
  /** Calls actually sent, and calls that joined one in flight instead: for tests and the bench. */
  sent = 0;
  shared = 0;

  constructor(
    private readonly timeoutMs: number,
    maxSockets: number,
  ) {
    // LIFO reuse keeps the fewest sockets warm, so idle ones time out instead of all staying half-used.
    // The idle timeout also makes the agent honour a server's shorter `Keep-Alive: timeout` hint
    // (without one, Node ignores the hint and may reuse a socket the server is closing).
    const options = { keepAlive: true, maxSockets, scheduling: 'lifo' as const, timeout: IDLE_SOCKET_MS };
    this.agent = new Agent(options);
    this.httpsAgent = new HttpsAgent(options);
  }

  post(call: SubgraphPost): Promise<SubgraphHttpResponse> {
    if (call.dedupeKey === undefined) return this.send(call, false);
    const shared = this.inFlight.get(call.dedupeKey);
    if (shared) {
      this.shared += 1;
      call.onShared?.(shared.span);
      return shared.answer;
    }
    const key = call.dedupeKey;
    const answer = this.send(call, true).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, { answer, span: call.span });
    return answer;
  }

  /** Sockets open to subgraphs, for tests. */
  get openSockets(): number {
    const count = (sockets: NodeJS.ReadOnlyDict<unknown[]>) =>
      Object.values(sockets).reduce((sum, list) => sum + (list?.length ?? 0), 0);
    return (
      count(this.agent.sockets) +
      count(this.agent.freeSockets) +
      count(this.httpsAgent.sockets) +
      count(this.httpsAgent.freeSockets)
    );
  }

  close(): void {
    this.agent.destroy();
    this.httpsAgent.destroy();
  }

  /**
   * A query (`retryOnStaleSocket`) that finds its kept-alive socket already closed by the subgraph
   * is sent again once on a fresh one, as Node's docs advise; a mutation is not (it might have run).
   */
  private async send(call: SubgraphPost, retryOnStaleSocket: boolean): Promise<SubgraphHttpResponse> {
    try {
      return await this.sendOnce(call);
    } catch (error) {
      if (!(error instanceof StaleSocketError)) throw error;
      if (!retryOnStaleSocket) throw error.cause;
    }
    try {
      return await this.sendOnce(call);
    } catch (error) {
      throw error instanceof StaleSocketError ? error.cause : error;
    }
  }

  private sendOnce({ url, headers, body }: SubgraphPost): Promise<SubgraphHttpResponse> {
    this.sent += 1;
    const https = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      let answered = false;
      const request = (https ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: https ? this.httpsAgent : this.agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          answered = true;
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => {
            clearTimeout(deadline);
            reject(error);
          });
          response.on('end', () => {
            clearTimeout(deadline);
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      // One deadline for the whole exchange, response body included.
      const deadline = setTimeout(
        () => request.destroy(new SubgraphTimeoutError(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(deadline);
        const stale = request.reusedSocket && error.code === 'ECONNRESET' && !answered;
        reject(stale ? new StaleSocketError(error) : error);
      });
      request.end(body);
    });
  }
}
