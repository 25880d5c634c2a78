/**
 * A NATS cluster as the services see it: NATS_URL may list several servers (comma-separated), so a
 * client that loses its server reconnects to another one instead of waiting for it, and
 * NATS_REPLICAS says on how many servers JetStream keeps each stream (durable consumers inherit the
 * stream's replicas). One server and one replica on a developer machine.
 */

/** The servers of a NATS_URL: `nats://a:4222,nats://b:4222` → two URLs (blanks dropped). */
export function natsServers(natsUrl: string): string[] {
  const servers = natsUrl
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server.length > 0);
  if (servers.length === 0) throw new Error('NATS_URL names no server');
  return servers;
}
