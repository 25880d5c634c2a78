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
