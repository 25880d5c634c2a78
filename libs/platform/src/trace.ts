import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * W3C trace context, carried through a request (AsyncLocalStorage) into the events it causes and
 * from an event into the events its handler causes, so one trace id follows a change everywhere.
 */
export const TRACEPARENT_HEADER = 'traceparent';
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;
const storage = new AsyncLocalStorage<{ traceparent: string }>();

export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** The caller's traceparent when well-formed, else a new trace. */
export function traceparentOf(value: string | string[] | undefined): string {
  const header = Array.isArray(value) ? value[0] : value;
  return header && TRACEPARENT.test(header) ? header : newTraceparent();
}

export function traceIdOf(traceparent: string): string {
  return traceparent.split('-')[1];
}

export function runWithTrace<T>(traceparent: string, work: () => T): T {
  return storage.run({ traceparent }, work);
}

export function currentTraceparent(): string | undefined {
  return storage.getStore()?.traceparent;
}
