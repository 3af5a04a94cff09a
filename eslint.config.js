import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Bare specifiers only: a gitignore-style group 'tls' would also match a relative './channels/tls'.
// The renderer's component tests (and their frame), next to the step they test.
const RENDERER_TESTS = ['renderer/**/*.test.{ts,tsx}', 'renderer/**/*.test-support.tsx'];

const nodeBuiltinRegex = '^(node:.*|(fs|path|os|child_process|crypto|net|tls|http|https|dns|url|util|stream)(/.*)?)$';

export default tseslint.config(
  { ignores: ['out/**', '.tsbuild/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'artifacts/**'] },
  js.configs.recommended,
  // Type-aware: no floating or misused promises, no unsafe any. Each file is checked in the
  // per-process project that owns it (tsconfig.json's references).
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', '*.config.{js,ts}', 'electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.{ts,mjs}'],
    languageOptions: { globals: globals.node },
  },
  // CommonJS: preloads (node --require), such as the tests' loopback guard, and the CLI's bin/ (bin/package.json).
  {
    files: ['test/**/*.cjs', 'bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.commonjs } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // An async function without await is how a synchronous implementation of a Promise-returning port
      // turns a throw into a rejection; no-floating-promises and no-misused-promises catch the real mistakes.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Tests parse the documents under test (JSON, YAML) into `any` and assert their shape with expect():
  // the no-unsafe-* family would only ask for casts there. The promise rules stay on in tests.
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts', ...RENDERER_TESTS],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // No import cycles anywhere in the product (issue 17): a cycle means two rooms that cannot be read apart.
  {
    files: ['shared/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts', 'test/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  // The layering rules (also enforced by test/unit/layering.test.ts, which covers relative paths).
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: nodeBuiltinRegex, message: 'shared/ is pure: no Node built-ins.' },
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
          { regex: nodeBuiltinRegex, message: 'renderer/ has no Node.' },
        ],
      }],
    },
  },
  // One door to main: only renderer/src/api.ts touches window.dtrApi (views call `call` or `useOperation`).
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/src/api.ts', 'renderer/src/window-api.d.ts', ...RENDERER_TESTS],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[object.name='window'][property.name='dtrApi']",
        message: 'Reach main through renderer/src/api.ts (call, useOperation, onEvent): the one door.',
      }],
    },
  },
  // Tests are in no room, wherever they sit (test/unit/layering-rules.ts, isTestFile).
  { files: RENDERER_TESTS, rules: { 'no-restricted-imports': 'off' } },
);
