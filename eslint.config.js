// Lint config. Its main job beyond style: workflow code must be deterministic, so `workflows/` and the
// pure `domain/` may not import Node built-ins or any library that does I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ioLibraries = [
  'express', 'helmet', 'pino', 'pino-http', 'pino-pretty', 'prom-client', 'postgres', 'pg',
  'drizzle-orm', 'drizzle-orm/*', '@electric-sql/pglite', 'nodemailer', '@temporalio/client',
  '@temporalio/worker', '@temporalio/activity', '@temporalio/testing', 'testcontainers',
];

const deterministicImports = {
  'no-restricted-imports': ['error', {
    paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow and domain code must be deterministic: no Node built-ins.' })),
    patterns: [
      { group: ioLibraries, message: 'Workflow and domain code must be deterministic: no I/O libraries (use an activity).' },
      // Any number of `../` (workflows sit in subfolders), then a side-effecting layer at the root. A regex
      // rather than a glob: `**/api/**` would also catch packages such as `@scope/api/x`.
      { regex: '^(\\.\\./)+(activities|carriers|db|api|infra)(/|$)', allowTypeImports: true, message: 'Only type imports from side-effecting layers.' },
    ],
  }],
  'no-restricted-globals': ['error',
    { name: 'setTimeout', message: 'Use sleep() or a condition timeout from @temporalio/workflow.' },
    { name: 'setInterval', message: 'Use a workflow timer.' },
    { name: 'process', message: 'No process access in deterministic code.' },
    { name: 'fetch', message: 'No I/O in deterministic code.' },
  ],
};

// workflows/client/ is Node code beside the workflows (the API and the worker start and signal them through
// it): exempt from the deterministic rules, and never imported as a value by workflow code, which the bundle runs.
const clientImports = { regex: '^\\.{1,2}/(.*/)?client/', allowTypeImports: true, message: 'Workflow code may not import workflows/client/ (Node code that starts workflows).' };
const withoutClientImports = (rules) => {
  const [level, options] = rules['no-restricted-imports'];
  return { ...rules, 'no-restricted-imports': [level, { ...options, patterns: [...options.patterns, clientImports] }] };
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'db/migrations/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The console's one browser script.
  { files: ['api/console/assets/*.js'], languageOptions: { globals: { document: 'readonly' } } },
  // Tests read JSON answers loosely; the assertions are what check their shape.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['workflows/**/*.ts', 'domain/**/*.ts'], ignores: ['**/*.test.ts'], rules: deterministicImports },
  { files: ['workflows/**/*.ts'], ignores: ['**/*.test.ts', 'workflows/client/**'], rules: withoutClientImports(deterministicImports) },
  { files: ['workflows/client/**/*.ts'], rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' } },
);
