import WebSocket from 'ws';
import { createClient } from 'graphql-ws';

/**
 * A child process of the live bench: opens `count` graphql-ws subscriptions (one socket each) to
 * `url` and reports `{ ready: count }` once every one has received an event, so their memory is
 * not counted in the process that measures the gateway's. Exits when its parent disconnects.
 */
const [url, token, resumeId, countText] = process.argv.slice(2);
const count = Number(countText);
const QUERY = 'subscription ($id: ID!) { resumeStatus(resumeId: $id) { cursor detail } }';
let heard = 0;
for (let i = 0; i < count; i += 1) {
  let first = true;
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  client.subscribe(
    { query: QUERY, variables: { id: resumeId } },
    {
      next: () => {
        if (!first) return;
        first = false;
        heard += 1;
        if (heard === count) process.send?.({ ready: count });
      },
      error: (error) => process.send?.({ error: String((error as Error)?.message ?? JSON.stringify(error)) }),
      complete: () => {},
    },
  );
  if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 50));
}
process.on('disconnect', () => process.exit(0));
