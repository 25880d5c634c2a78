import config from './jest.config.js';

// `npm run test:cluster`: the failover test on a three-server NATS cluster (test/*.cluster.ts).
// Kept out of `npm test` (several minutes of load on a loaded CI machine); the same Jest setup.
export default {
  ...config,
  testMatch: ['<rootDir>/test/**/*.cluster.ts'],
  maxWorkers: 1,
};
