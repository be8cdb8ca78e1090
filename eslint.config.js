// Lint for src/ and scripts/: the regexp rules make super-linear regular expressions (the ReDoS class
// that once let one comment stall the worker for 75 s) a test failure. Style is Prettier's job.
import js from '@eslint/js'
import regexp from 'eslint-plugin-regexp'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'src/generated/', '.wrangler/', 'dist/', 'artifacts/', 'bench/'] },
  {
    files: ['src/**/*.{ts,tsx,js}', 'scripts/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': ['error', { ignoreSticky: false, ignorePartial: false }],
      'regexp/no-misleading-capturing-group': 'error',
      'regexp/no-dupe-disjunctions': 'error',
      'regexp/no-empty-alternative': 'error',
      'regexp/no-useless-backreference': 'error',
      'regexp/no-invalid-regexp': 'error',
      // Control characters are refused by the validators on purpose, by their code points.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/client/**/*.js'],
    languageOptions: {
      globals: { document: 'readonly', window: 'readonly', navigator: 'readonly' },
    },
  },
)
