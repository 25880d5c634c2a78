import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, RETRY_AFTER_SECONDS } from './errors.js';

const retryAfterOf = (error: GraphQLFormattedError): number => {
  const value = error.extensions?.retryAfter;
  return typeof value === 'number' && value > 0 ? value : RETRY_AFTER_SECONDS;
};

/**
 * A response carrying SERVICE_UNAVAILABLE errors gets a Retry-After header, and HTTP 503 when
 * nothing could be answered (no data, or every root field null), so clients and load balancers
 * back off instead of treating an outage as a bug. A partial answer stays 200.
 */
export function availabilityPlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const unavailable = errors?.filter(
            (error) => error.extensions?.code === ErrorCode.ServiceUnavailable,
          );
          if (!unavailable?.length) return;
          response.http.headers.set('retry-after', String(Math.max(...unavailable.map(retryAfterOf))));
          const answered = data && Object.values(data).some((value) => value !== null && value !== undefined);
          if (!answered) response.http.status = 503;
        },
      };
    },
  };
}
