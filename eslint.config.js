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

// The libs packages (libs/*: platform, ai, skills, requirements), each reached through its
// `exports` map (libs/<package>/package.json), never by a relative path into its sources or build
// output: the map is what a package promises to keep stable.
const libsPackages = readdirSync(fileURLToPath(new globalThis.URL('./libs', import.meta.url)), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const libsInternals = {
  group: [
    '**/libs/*/src/**',
    '**/libs/*/dist/**',
    ...libsPackages.flatMap((name) => [`**/${name}/src/**`, `**/${name}/dist/**`]),
    '@hiregraph/*/src/**',
    '@hiregraph/*/dist/**',
  ],
  message:
    'Import a libs package through its package specifier: @hiregraph/<package>/<module> (see libs/<package>/package.json exports).',
};

/**
 * What each libs package may not import, so the arrows point one way: platform depends on none of
 * ours; skills on none either (its tests use platform's helpers); ai and requirements on platform
 * and skills but not on each other. No libs package knows a service.
 */
const libsForbidden = {
  platform: ['ai', 'skills', 'requirements'],
  skills: ['ai', 'requirements', 'platform'],
  ai: ['requirements'],
  requirements: ['ai'],
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
              message: `The ${name} subgraph may not import another subgraph or the gateway: publish an event or resolve through the supergraph; shared code belongs in a libs/ package.`,
            },
          ],
        },
      ],
    },
  })),
  ...Object.entries(libsForbidden).map(([name, forbidden]) => ({
    files: [`libs/${name}/**`],
    // skills' tests may use platform's test helpers (its package.json has it as a devDependency).
    ignores: name === 'skills' ? ['libs/skills/src/**/*.test.ts'] : [],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            libsInternals,
            {
              group: [
                ...forbidden.flatMap((other) => [`@hiregraph/${other}`, `@hiregraph/${other}/**`]),
                ...subgraphs.flatMap(subgraphPaths),
                ...gatewayPaths,
                '@hiregraph/tools',
                '@hiregraph/tools/**',
              ],
              message: `@hiregraph/${name} may not import ${forbidden.map((other) => `@hiregraph/${other}`).join(', ')} or any service: the libs packages depend one way (platform <- skills <- ai, requirements).`,
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
