import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltinPatterns = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'net', 'tls', 'http', 'https', 'dns', 'url', 'util', 'stream'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', '*.config.{js,ts}', 'electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.{ts,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // The layering rules (also enforced by test/unit/layering.test.ts, which covers relative paths).
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltinPatterns, message: 'shared/ is pure: no Node built-ins.' },
          { group: ['electron', '@aws-sdk/*', '@smithy/*'], message: 'shared/ is pure: no electron or AWS SDK.' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not depend on electron/ or renderer/.' },
        ],
      }],
    },
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'services run in plain Node.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', '**/electron/**'], message: 'renderer/ talks through window.dtrApi only.' },
          { group: nodeBuiltinPatterns, message: 'renderer/ has no Node.' },
        ],
      }],
    },
  },
);
