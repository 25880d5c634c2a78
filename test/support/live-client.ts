import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';

export interface Received {
  events: any[];
  errors: any[];
  closed?: { code: number; reason: string };
  /** The server completed the subscription (its last event was sent). */
  completed?: boolean;
}

/** A real graphql-ws client subscribed to `query`, collecting what arrives. */
export function subscribe(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown>,
) {
  const received: Received = { events: [], errors: [] };
  const client: Client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        received.closed = { code, reason: String(reason) };
      },
    },
  });
  client.subscribe(
    { query, variables },
    {
      next: (value) => received.events.push(value),
      error: (error) => received.errors.push(error),
      complete: () => {
        received.completed = true;
      },
    },
  );
  return { received, dispose: () => client.dispose() };
}

/**
 * A subscriber that behaves as clients are told to: when its connection is closed (a slow client
 * closed with 4413, a gateway going away) it subscribes again with `after` = the cursor of the last
 * event it got, so what it collects must still have no gap and no duplicate. `reconnects` counts it.
 */
export function resumingSubscribe(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown>,
  cursorOf: (event: any) => string,
) {
  const received: Received & { reconnects: number } = { events: [], errors: [], reconnects: 0 };
  let client: Client | undefined;
  let disposed = false;
  const open = (after: unknown) => {
    const current = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: false,
    });
    client = current;
    current.subscribe(
      { query, variables: { ...variables, after } },
      {
        next: (value) => received.events.push(value),
        error: (error) => {
          // A closed socket arrives as its CloseEvent (a number code); GraphQL errors as an array.
          const code = (error as { code?: unknown }).code;
          if (disposed || typeof code !== 'number') {
            if (!disposed) received.errors.push(error);
            return;
          }
          received.reconnects += 1;
          void current.dispose();
          const last = received.events.at(-1);
          open(last ? cursorOf(last) : variables.after);
        },
        complete: () => {
          received.completed = true;
        },
      },
    );
  };
  open(variables.after);
  return {
    received,
    dispose: async () => {
      disposed = true;
      await client?.dispose();
    },
  };
}
