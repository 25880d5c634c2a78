import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

const clientError = (code: string, message: string) =>
  new GraphQLError(message, { extensions: { code, http: { status: 400, headers: new HeaderMap() } } });

/**
 * Refuses, with HTTP 400, documents the gateway's executor cannot run: no operation matching
 * `operationName` (or several and no name), and subscriptions, which are served over WebSocket and
 * SSE only. Left to @apollo/gateway, both fail during execution as HTTP 500.
 */
export function operationResolutionPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation) {
            throw clientError(
              'OPERATION_RESOLUTION_FAILURE',
              request.operationName
                ? `Unknown operation named "${request.operationName}".`
                : 'Must provide operation name if query contains multiple operations.',
            );
          }
          if (operation.operation === 'subscription') {
            throw clientError(
              'BAD_REQUEST',
              'Subscriptions are served over WebSocket (graphql-transport-ws) or SSE (Accept: text/event-stream)',
            );
          }
        },
      };
    },
  };
}
