import { Client, cacheExchange, fetchExchange } from 'urql';
import { authExchange } from '@urql/exchange-auth';
import { createHiregraphClient } from '@hiregraph/sdk';
import { graphql } from '../gql';
import {
  expiresSoon,
  freshAccessToken,
  getSession,
  refreshSession,
  setRefresher,
  type Session,
} from '../auth/session';

/** The gateway serves this client, so the API is on the same origin. */
export const GRAPHQL_URL = new URL('/graphql', window.location.href).href;

const RefreshDocument = graphql(`
  mutation Refresh($token: String!) {
    refreshToken(token: $token) {
      accessToken
      refreshToken
      accessTokenExpiresAt
      user {
        id
        email
        fullName
        role
      }
    }
  }
`);

/** Without the auth exchange: refreshing must not wait on itself. */
const anonymous = new Client({
  url: GRAPHQL_URL,
  exchanges: [fetchExchange],
  requestPolicy: 'network-only',
  preferGetMethod: false,
});

setRefresher(async (token): Promise<Session> => {
  const result = await anonymous.mutation(RefreshDocument, { token }).toPromise();
  if (!result.data) throw result.error ?? new Error('refresh refused');
  return result.data.refreshToken;
});

export const client = new Client({
  url: GRAPHQL_URL,
  requestPolicy: 'cache-and-network',
  // POST with a JSON body: the gateway's CSRF prevention refuses a GET without a preflighted header.
  preferGetMethod: false,
  exchanges: [
    cacheExchange,
    authExchange(async (utils) => ({
      addAuthToOperation(operation) {
        const session = getSession();
        return session
          ? utils.appendHeaders(operation, { Authorization: `Bearer ${session.accessToken}` })
          : operation;
      },
      willAuthError() {
        const session = getSession();
        return session !== null && expiresSoon(session);
      },
      didAuthError(error) {
        return (
          getSession() !== null &&
          (error.response?.status === 401 ||
            error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED'))
        );
      },
      async refreshAuth() {
        await refreshSession();
      },
    })),
    fetchExchange,
  ],
});

/**
 * The typed SDK, for flows beyond a single operation (the upload). It reads the session's token,
 * refreshed first when about to expire, like the urql client above.
 */
export const sdk = createHiregraphClient({
  url: GRAPHQL_URL,
  token: freshAccessToken,
  // Storage need not allow this origin (CORS): confirmUpload checks the stored bytes instead.
  storageRequestMode: 'no-cors',
});
