import { ConfigError } from '@hiregraph/platform/config';
import {
  configuredSubgraphUrl,
  DEFAULT_SUPERGRAPH_PATH,
  devSubgraphUrl,
  loadGatewayConfig,
} from './config.js';

describe('gateway config', () => {
  it('has working defaults, with the supergraph found from the package rather than the cwd', () => {
    const config = loadGatewayConfig({});
    expect(config.GATEWAY_PORT).toBe(4000);
    expect(config.SUBGRAPH_TIMEOUT_MS).toBe(10_000);
    expect(config.DEV_MODE).toBe(false);
    expect(config.DEV_SUBGRAPHS).toEqual(['users', 'resumes', 'jobs', 'matching']);
    expect(config.SUPERGRAPH_PATH).toBe(DEFAULT_SUPERGRAPH_PATH);
    expect(DEFAULT_SUPERGRAPH_PATH).toMatch(/\/schema\/supergraph\.graphql$/);
    expect(DEFAULT_SUPERGRAPH_PATH).not.toMatch(/\/gateway\//);
  });

  it('resolves subgraph URLs: <NAME>_URL, then <NAME>_PORT, then the supergraph (or the default port)', () => {
    const config = loadGatewayConfig({ USERS_URL: 'http://users.internal:8080/graphql', JOBS_PORT: '5003' });
    expect(configuredSubgraphUrl(config, 'users')).toBe('http://users.internal:8080/graphql');
    expect(configuredSubgraphUrl(config, 'jobs')).toBe('http://127.0.0.1:5003/graphql');
    expect(configuredSubgraphUrl(config, 'resumes')).toBeUndefined();
    expect(configuredSubgraphUrl(config, 'probe')).toBeUndefined();
    expect(devSubgraphUrl(config, 'resumes')).toBe('http://127.0.0.1:4002/graphql');
    expect(devSubgraphUrl(config, 'jobs')).toBe('http://127.0.0.1:5003/graphql');
  });

  it('reads TRUST_PROXY as express does: boolean, hop count or addresses', () => {
    expect(loadGatewayConfig({}).TRUST_PROXY).toBe(false);
    expect(loadGatewayConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadGatewayConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadGatewayConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('rejects bad values with one readable error', () => {
    expect(() => loadGatewayConfig({ DEV_SUBGRAPHS: 'users,payments', USERS_URL: 'not a url' })).toThrow(
      ConfigError,
    );
    expect(() => loadGatewayConfig({ SUBGRAPH_TIMEOUT_MS: '0' })).toThrow(/SUBGRAPH_TIMEOUT_MS/);
  });
});
