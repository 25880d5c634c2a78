import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing (documented in docs/events.md, "Webhooks"): the signature is
 * `v1=<hex HMAC-SHA256(secret, "${timestamp}.${body}")>`, the key being the whole secret string
 * (`whsec_…`) as UTF-8 and the timestamp Unix seconds, sent in its own header.
 */
export const WebhookHeaders = {
  id: 'Hiregraph-Webhook-Id',
  timestamp: 'Hiregraph-Webhook-Timestamp',
  signature: 'Hiregraph-Webhook-Signature',
} as const;

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * True when `signatureHeader` holds a v1 signature of `body` at `timestamp` by `secret`, and the
 * timestamp is within `toleranceSeconds` of now (replays of old deliveries are refused).
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  timestamp: string | number;
  signatureHeader: string;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) {
    return false;
  }
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.body));
  return input.signatureHeader
    .split(',')
    .map((part) => Buffer.from(part.trim()))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
}
