// ESLint flat config: type-checked TypeScript for src/test/bench, plain recommended JS for the browser console and the Node scripts.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// A leading underscore marks a parameter or a destructured-away property as unused on purpose.
const UNUSED = { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true };

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'missions/**', '.tmp/**', 'test/artifacts/**'],
  },

  // TypeScript: the strict, type-checked rule set.
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src/console/web/**'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // Not in strictTypeChecked, but it catches a real bug: a switch over a union that forgets a member (a new event type, a new status).
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Numbers (and bigints) in template strings are the codebase's way of writing messages; nullish, objects and any stay refused.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowAny: false, allowBoolean: false, allowNullish: false, allowRegExp: false, allowNever: false },
      ],
      // Nest modules are decorated classes with no members (or only a static forRoot): that is Nest's idiom, not a mistake.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // Without noUncheckedIndexedAccess every guard on an index read (arr[0], record[key]) and on a flag mutated across awaits is flagged: noise.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `() => resolve()` / `(e) => reject(e)` shorthands are the house style; returning a void call from a braced function is still refused.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // An async port implementation without await is deliberate: it turns a synchronous throw into the rejection callers handle.
      '@typescript-eslint/require-await': 'off',
      // Nest (and grpc's generated messages) type plain option bags as classes; object literals are their documented use.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-unused-vars': ['error', UNUSED],
    },
  },

  // Source files stay small enough to read in one sitting (specs excluded).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },

  // The console's browser ES modules: recommended JS rules, browser globals, not type-checked.
  {
    files: ['src/console/web/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', ecmaVersion: 'latest', globals: { ...globals.browser } },
    rules: { 'no-unused-vars': ['error', UNUSED] },
  },

  // Node CommonJS scripts and tool configs.
  {
    files: ['*.js', '*.cjs', 'bin/**/*.js', 'scripts/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest', globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', UNUSED] },
  },
  {
    files: ['*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', ecmaVersion: 'latest', globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', UNUSED] },
  },

  // Formatting belongs to Prettier: last, so it turns off every stylistic rule above.
  prettier,
);
