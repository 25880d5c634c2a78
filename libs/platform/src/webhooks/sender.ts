import ipaddr from 'ipaddr.js';
import { badUserInput } from '../errors.js';
import { isPublicAddress, safeRequest, type AddressPolicy } from '../net/ssrf.js';
import { signWebhook, WebhookHeaders } from './signature.js';

/** What a receiver gets as the JSON body of a webhook POST. */
export interface WebhookPayload {
  /** The event id: the same for every retry and redelivery, so receivers can drop duplicates. */
  id: string;
  type: string;
  occurredAt: string;
  data: unknown;
}

export interface WebhookSendOptions extends AddressPolicy {
  /** Deadline for connect, headers and body. Default 10 s. */
  timeoutMs?: number;
  /** Largest answer read from the receiver (its body is discarded). Default 64 KiB. */
  maxResponseBytes?: number;
}

export interface WebhookAttempt {
  ok: boolean;
  /** The receiver's HTTP status; null when no answer came (refused, timeout, blocked address). */
  responseStatus: number | null;
  durationMs: number;
  /** Why the attempt failed; null on success. */
  error: string | null;
}

export const WEBHOOK_USER_AGENT = 'Hiregraph-Webhooks/1.0';

/**
 * POSTs one signed delivery through the SSRF guard: every address the host resolves to must be
 * public (unless the policy allows private networks), redirects are not followed, a 2xx answer is
 * success. Never throws: the outcome, including a refused target, is the returned attempt.
 */
export async function sendWebhook(
  url: string,
  payload: WebhookPayload,
  secret: string,
  options: WebhookSendOptions = {},
): Promise<WebhookAttempt> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await safeRequest(url, {
      allowPrivateNetworks: options.allowPrivateNetworks,
      allowHosts: options.allowHosts,
      method: 'POST',
      body,
      followRedirects: false,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBytes: options.maxResponseBytes ?? 64 * 1024,
      userAgent: WEBHOOK_USER_AGENT,
      headers: {
        'content-type': 'application/json',
        [WebhookHeaders.id]: payload.id,
        [WebhookHeaders.timestamp]: String(timestamp),
        [WebhookHeaders.signature]: signWebhook(secret, timestamp, body),
      },
    });
    // The answer's body means nothing to us; drain it (capped) so the socket closes cleanly.
    await response.body
      .resume()
      .toArray()
      .catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      responseStatus: response.status,
      durationMs: elapsed(),
      error: ok
        ? null
        : response.status >= 300 && response.status < 400
          ? `Answered ${response.status}: redirects are not followed`
          : `Answered ${response.status}`,
    };
  } catch (error) {
    return { ok: false, responseStatus: null, durationMs: elapsed(), error: (error as Error).message };
  }
}

/**
 * Delivers one event to a one-off callback URL (e.g. `analyzeResume(callbackUrl)`), signed and
 * guarded exactly like a registered endpoint's deliveries.
 */
export function deliverCallback(
  url: string,
  event: WebhookPayload,
  options: WebhookSendOptions & { secret: string },
): Promise<WebhookAttempt> {
  return sendWebhook(
    url,
    { id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data },
    options.secret,
    options,
  );
}

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/**
 * Checks a webhook or callback URL when it is registered (each delivery checks the resolved
 * addresses again): absolute http(s), https unless private networks are allowed, no credentials,
 * and no literal private address or local-only name. BAD_USER_INPUT on `field` otherwise.
 */
export function validateWebhookUrl(raw: string, field: string, policy: AddressPolicy = {}): string {
  const refuse = (message: string) => badUserInput(message, { field });
  if (raw.length > 2048) throw refuse(`${field} is longer than 2048 characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse(`${field} is not a valid URL`);
  }
  const allowedProtocols = policy.allowPrivateNetworks ? ['https:', 'http:'] : ['https:'];
  if (!allowedProtocols.includes(url.protocol)) throw refuse(`${field} must be an https URL`);
  if (url.username || url.password) throw refuse(`${field} must not contain credentials`);
  if (url.hash) throw refuse(`${field} must not contain a fragment`);
  if (policy.allowPrivateNetworks) return url.href;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const exempt = (policy.allowHosts ?? []).includes(`${url.hostname.toLowerCase()}:${port}`);
  if (exempt) return url.href;
  if (ipaddr.isValid(host) ? !isPublicAddress(host) : LOCAL_NAMES.test(host) || !host.includes('.')) {
    throw refuse(`${field} must point to a public address, not ${url.hostname}`);
  }
  return url.href;
}
