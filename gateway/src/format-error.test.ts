import { GraphQLError } from 'graphql';
import { createLogger } from '@hiregraph/platform/logger';
import { createFormatError } from './format-error.js';

const formatError = createFormatError(createLogger('format-error-test', 'silent'));
const format = (error: GraphQLError) => formatError(error.toJSON(), error);

describe('gateway formatError', () => {
  it.each([
    ['Unknown operation named "B".', 'OPERATION_RESOLUTION_FAILURE'],
    ['Must provide operation name if query contains multiple operations.', 'OPERATION_RESOLUTION_FAILURE'],
    ['Must provide an operation.', 'OPERATION_RESOLUTION_FAILURE'],
    ['Execution of subscriptions not supported by gateway', 'BAD_REQUEST'],
    ['provided sha does not match query', 'PERSISTED_QUERY_HASH_MISMATCH'],
    ['Unsupported persisted query version', 'BAD_REQUEST'],
  ])('codes the executor or APQ refusal "%s" as %s', (message, code) => {
    const error = new GraphQLError(message, { extensions: { code: 'INVALID_GRAPHQL' } });
    expect(format(error).extensions?.code).toBe(code);
  });

  it('still masks an unexpected gateway error', () => {
    expect(format(new GraphQLError('boom')).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('codes a subgraph write refused by PostgreSQL for a NUL character as BAD_USER_INPUT', () => {
    const driverError = Object.assign(new Error('invalid message format'), { code: '08P01' });
    const error = new GraphQLError('invalid message format', { originalError: driverError });
    expect(format(error).extensions?.code).toBe('BAD_USER_INPUT');
  });
});
