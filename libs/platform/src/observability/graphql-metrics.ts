import type { ApolloServerPlugin } from '@apollo/server';
import {
  codeLabel,
  graphqlErrors,
  graphqlRequestDuration,
  graphqlRequests,
  operationLabel,
} from './metrics.js';

/**
 * Apollo Server plugin shared by the gateway and every subgraph: counts and times each operation by
 * its (bounded) name and result, and counts the errors of its response by extensions.code, as the
 * client receives them (after formatError).
 */
export function graphqlMetricsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const end = graphqlRequestDuration.startTimer();
      return {
        async willSendResponse({ response, operation, operationName, request }) {
          const errors =
            response.body.kind === 'single'
              ? response.body.singleResult.errors
              : response.body.initialResult.errors;
          const name = operationLabel(operationName ?? request.operationName);
          const result = errors?.length ? 'error' : 'ok';
          end({ operation: name, result });
          graphqlRequests.inc({ operation: name, type: operation?.operation ?? 'unknown', result });
          for (const error of errors ?? []) {
            graphqlErrors.inc({ operation: name, code: codeLabel(error.extensions?.code) });
          }
        },
      };
    },
  };
}
