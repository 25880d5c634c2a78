import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createClient } from 'graphql-ws';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { freshAccessToken, refreshSession } from '../auth/session';
import { GRAPHQL_URL } from './client';
import { sentenceFor, type ApiError } from '../errors';

/** What the live connection is doing, shown to the person. */
export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

let state: LiveState = 'offline';
const stateListeners = new Set<() => void>();
function setState(next: LiveState) {
  if (state === next) return;
  state = next;
  for (const listener of stateListeners) listener();
}

/**
 * One WebSocket (graphql-ws) for every live view. It does not retry by itself: each subscription
 * resubscribes with `after` = the last cursor it received, so nothing sent while it was away is lost
 * (graphql-ws' own retry would resend the first variables).
 */
const ws = createClient({
  url: GRAPHQL_URL.replace(/^http/, 'ws'),
  lazy: true,
  retryAttempts: 0,
  // Read on every (re)connection, so an expired token (close 4401) is replaced by a fresh one.
  connectionParams: async () => {
    const token = await freshAccessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
  on: {
    connecting: () => setState(state === 'offline' ? 'connecting' : 'reconnecting'),
    connected: () => setState('connected'),
    closed: (event) => {
      setState(active > 0 ? 'reconnecting' : 'offline');
      // 4401: the token expired; 4403: the session was revoked. A refresh renews the first and, for
      // the second, fails and ends the session (the sign-in page) instead of reconnecting in vain.
      const code = (event as { code?: number }).code;
      if (code === 4401 || code === 4403) void refreshSession();
    },
  },
});
let active = 0;

export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    () => state,
  );
}

const RETRY_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * Subscribes while `variables` is not null; `onEvent` gets each event. `cursorOf` reads the event's
 * cursor, passed as `after` when the subscription is resumed after a drop (and `initialAfter` the
 * first time). Errors the server sends are returned as a sentence.
 */
export function useLiveSubscription<Data, Variables extends { after?: string | null }>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Omit<Variables, 'after'> | null,
  onEvent: (data: Data) => void,
  cursorOf: (data: Data) => string | undefined,
  initialAfter?: string,
): string | null {
  const [error, setError] = useState<string | null>(null);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const cursorReader = useRef(cursorOf);
  cursorReader.current = cursorOf;
  const key = variables ? JSON.stringify(variables) : null;

  useEffect(() => {
    if (key === null) return;
    const query = print(document);
    let after = initialAfter;
    let stopped = false;
    let dispose: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let counted = true;
    active += 1;
    const release = () => {
      if (!counted) return;
      counted = false;
      active -= 1;
    };

    const start = () => {
      const vars = { ...(JSON.parse(key) as object), ...(after === undefined ? {} : { after }) };
      dispose = ws.subscribe<Data>(
        { query, variables: vars },
        {
          next: (result) => {
            if (result.errors?.length) {
              setError(sentenceFor(result.errors[0] as ApiError));
              return;
            }
            if (!result.data) return;
            attempt = 0;
            setError(null);
            after = cursorReader.current(result.data) ?? after;
            handler.current(result.data);
          },
          error: (reason) => {
            if (stopped) return;
            // A GraphQL refusal (array of errors) is final; a dropped connection is retried.
            if (Array.isArray(reason) && reason.length > 0) {
              setError(sentenceFor(reason[0] as ApiError));
              release();
              return;
            }
            setState('reconnecting');
            const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
            attempt += 1;
            timer = setTimeout(start, delay);
          },
          // A subscription the server ends (analysisCompleted, after its one event) no longer
          // counts as active, so closing the idle socket is not shown as a reconnection.
          complete: () => release(),
        },
      );
    };
    start();
    return () => {
      stopped = true;
      release();
      clearTimeout(timer);
      dispose?.();
    };
    // `document` and `initialAfter` are fixed per call site: only the variables restart it.
  }, [key]);

  return error;
}
