// @ts-check
// Lint with type information (typescript-eslint's recommendedTypeChecked) over
// src/, bench/, examples/, test/ and the dashboard's browser modules. Each rule
// turned off or relaxed below says why.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'node_modules/',
      '.baton/',
      'test-results/',
      '.bench-build/',
      '.tmp-debug/',
      'clients/',
      // Deliberately wrong code: type-check.test.ts expects its type errors.
      'test/sdk/fixtures/type-errors.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: globals.node,
      parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Background work that nobody awaits must say so (`void`) and handle its own errors (STYLE.md "Background loops").
      '@typescript-eslint/no-floating-promises': 'error',
      // Fastify's plugins and handlers are `async` by contract whether or not they await (the framework
      // tells async plugins from callback ones by it), as are interface methods that return a promise.
      '@typescript-eslint/require-await': 'off',
      // `_name` marks a parameter or binding kept for its position (a callback's signature, a rest sibling).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The dashboard: ES modules the browser loads as they are, checked against the API's view types.
    files: ['src/dashboard/assets/**'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { project: './tsconfig.dashboard.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // typescript-eslint cannot see JSDoc casts (`/** @type {T} */ (x)`: the parentheses that carry them are not in
      // its syntax tree, typescript-eslint#4824), so these would flag every JSON answer the page casts to a view type.
      // `npm run typecheck:dashboard` (strict, checkJs) sees the casts and checks these files' types instead.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests read JSON answers (`res.json()`, `JSON.parse`) that are `any` by nature and assert on them at once:
      // typing each one would add casts, not safety, and a wrong field fails the assertion anyway (840 hits).
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
