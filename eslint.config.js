// Flat config: typescript-eslint's recommended rules over every workspace's sources, plus the
// package boundaries (no-restricted-imports, built into ESLint, so no plugin to keep current).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const subgraphs = readdirSync(fileURLToPath(new globalThis.URL('./subgraphs', import.meta.url)), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Everyone reaches libs through its package's `exports` map (libs/package.json), never by a
// relative path into its sources or build output: the map is what libs promises to keep stable.
const libsInternals = {
  group: ['**/libs/src/**', '**/libs/dist/**', '@hiregraph/libs/src/**', '@hiregraph/libs/dist/**'],
  message:
    'Import libs through its package specifier: @hiregraph/libs/<module> (see libs/package.json exports).',
};

/** Every way of naming subgraph `name`'s code: its package specifier and a relative path into it. */
const subgraphPaths = (name) => [
  `@hiregraph/subgraph-${name}`,
  `@hiregraph/subgraph-${name}/**`,
  `**/${name}/src/**`,
];

const gatewayPaths = ['@hiregraph/gateway', '@hiregraph/gateway/**', '**/gateway/src/**'];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.turbo/**',
      '.data/**',
      'gateway/assets/**',
      'web/src/gql/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      // tools/, test/ and bench/ drive whole services, so they may import any service's modules.
      'no-restricted-imports': ['error', { patterns: [libsInternals] }],
    },
  },
  // A subgraph owns its data and talks to the others only through events and the supergraph.
  ...subgraphs.map((name) => ({
    files: [`subgraphs/${name}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            libsInternals,
            {
              group: [...subgraphs.filter((other) => other !== name).flatMap(subgraphPaths), ...gatewayPaths],
              message: `The ${name} subgraph may not import another subgraph or the gateway: publish an event or resolve through the supergraph; shared code belongs in libs/.`,
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['gateway/**'],
    // Exception: the gateway's own tests start a real subgraph (users) to route to.
    ignores: ['gateway/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            libsInternals,
            {
              group: [...subgraphs.flatMap(subgraphPaths), '**/subgraphs/**'],
              message: 'The gateway knows subgraphs only by URL (the supergraph), never by their code.',
            },
          ],
        },
      ],
    },
  },
);
