import type { GraphQLDataSource } from '@apollo/gateway';
import { sampledMetric, subgraphFetchDuration } from '@hiregraph/platform/observability/metrics';
import type { LiveBridge } from './live/bridge.js';
import type { LiveConnections } from './live/connections.js';

/**
 * Times the gateway's calls to one subgraph (hiregraph_subgraph_fetch_duration_seconds): clients'
 * operations only, not health checks or schema loading. A call whose answer carries errors (the
 * subgraph's own, or the data source's SUBGRAPH_UNAVAILABLE) counts as "error".
 */
export function timeSubgraphFetches<Source extends GraphQLDataSource>(
  source: Source,
  subgraph: string,
): Source {
  const process = source.process.bind(source);
  source.process = async (options) => {
    if (!('incomingRequestContext' in options)) return process(options);
    const end = subgraphFetchDuration.startTimer({ subgraph });
    try {
      const response = await process(options);
      end({ result: response.errors?.length ? 'error' : 'ok' });
      return response;
    } catch (error) {
      end({ result: 'error' });
      throw error;
    }
  };
  return source;
}

/** Live connections, subscriptions and deliveries, read from the bridge when scraped. */
export function observeLive(connections: LiveConnections, bridge: LiveBridge): void {
  sampledMetric({
    name: 'hiregraph_live_connections',
    help: 'Live clients connected to the gateway (WebSockets and SSE responses).',
    type: 'gauge',
    read: () => connections.size,
  });
  sampledMetric({
    name: 'hiregraph_live_subscriptions',
    help: 'Subscriptions the gateway is serving.',
    type: 'gauge',
    read: () => bridge.activeSubscriptions,
  });
  sampledMetric({
    name: 'hiregraph_live_deliveries_total',
    help: 'Subscription results delivered to clients.',
    type: 'counter',
    read: () => bridge.deliveries,
  });
  sampledMetric({
    name: 'hiregraph_live_entity_retries_total',
    help: 'Events resolved again because a subgraph holding their entity fields was unavailable.',
    type: 'counter',
    read: () => bridge.entityRetries,
  });
}
