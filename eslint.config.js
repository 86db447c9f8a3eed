// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Layer rules (STYLE.md): http/ and jobs/ → services/ → repositories/, adapters/, domain/. */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'coverage/**', 'bench/out/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          './apps/server/tsconfig.test.json',
          './packages/contracts/tsconfig.json',
          './apps/web/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'error',
      // Fastify plugins are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
    settings: { 'import-x/resolver': { node: true } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  layer(
    ['apps/server/src/domain/**/*.ts'],
    [
      '**/services/**',
      '**/repositories/**',
      '**/adapters/**',
      '**/http/**',
      '**/jobs/**',
      '**/db/**',
      '**/config.js',
      '**/errors.js',
      '**/container.js',
      'fastify',
      'bullmq',
      'kysely',
      'pg',
      'ioredis',
      'node:fs',
      'node:fs/*',
      'node:net',
      'node:http',
      'node:child_process',
    ],
    'domain/ is pure: no I/O, and no imports from outside domain/',
  ),
  layer(
    ['apps/server/src/services/**/*.ts'],
    [
      'fastify',
      '@fastify/*',
      'bullmq',
      'kysely',
      'pg',
      '**/http/**',
      '**/jobs/**',
      '**/db/database*',
      '**/db/migrations/**',
    ],
    'services/ know nothing of HTTP, BullMQ or SQL: call repositories and adapters',
  ),
  layer(
    ['apps/server/src/repositories/**/*.ts', 'apps/server/src/adapters/**/*.ts'],
    ['fastify', '@fastify/*', '**/http/**', '**/jobs/**', '**/services/**'],
    'repositories/ and adapters/ sit below services/',
  ),
  {
    // The web app: React's hook rules; the contracts only as types (their schemas stay out of the bundle).
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@ledgerflow/contracts',
              allowTypeImports: true,
              message: 'Import the contracts as types.',
            },
            { name: 'typebox', allowTypeImports: true, message: 'Import TypeBox as types.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/src/main.ts', 'bench/**', 'scripts/**', '**/*.test.ts', 'apps/server/test/**'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
