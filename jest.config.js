// One Jest run over every workspace: unit and integration tests sit beside the code,
// cross-service end-to-end tests in test/. Native ESM (NODE_OPTIONS=--experimental-vm-modules)
// because MikroORM 7 is ESM-only; @swc/jest keeps decorator metadata for type-graphql.
const swcConfig = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    experimental: { keepImportAttributes: true },
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swcConfig] },
  moduleNameMapper: {
    '^@hiregraph/(platform|ai|skills|requirements)/(.*)$': '<rootDir>/libs/$1/src/$2',
    '^@hiregraph/subgraph-([a-z]+)/(.*)$': '<rootDir>/subgraphs/$1/src/$2',
    '^@hiregraph/gateway/(.*)$': '<rootDir>/gateway/src/$1',
    '^@hiregraph/tools/(.*)$': '<rootDir>/tools/src/$1',
    '^@hiregraph/sdk$': '<rootDir>/clients/sdk/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: [
    '<rootDir>/{libs/*,gateway,tools,web,bench,subgraphs/*,clients/*}/src/**/*.test.ts',
    '<rootDir>/test/**/*.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker that ran ~25 files holds ~500 MB of heap (each file's ESM module graph); freeing it
  // after the worker's event loop is empty takes ~0.5 s on a loaded 2-core machine, which Jest's
  // 500 ms default misreports as "failed to exit gracefully". A real leak (a ref'd handle) keeps
  // a worker alive forever, so it still gets reported, after 5 s.
  workerGracefulExitTimeout: 5000,
  reporters: ['default', '<rootDir>/jest.summary-reporter.js'],
};
