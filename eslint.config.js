// Lint for the TypeScript around the engine, the UI, the tests, the benchmarks and the
// scripts: a few rules that catch real mistakes, not style (Prettier owns the layout).
// Type-aware rules run on web/ only, where promises are left dangling in event handlers
// and effects; everywhere else the lint is syntax-only, which keeps it fast.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));

/** Where an import specifier points on disk, or null for a package. */
function targetOf(filename, spec) {
  if (spec.startsWith('@core/')) return join(root, 'wasm-core', 'src', spec.slice('@core/'.length));
  if (spec.startsWith('./') || spec.startsWith('../')) return resolve(dirname(filename), spec);
  return null;
}

const ASSET = /\.(js|mjs|cjs|json|css|wasm|svg|png|txt|md|html)$/;

/**
 * One spelling for relative (and @core/) imports in code that Node, Vite and tsc all read:
 * the `.js` of the emitted module, as NodeNext resolution (bench/) requires and bundler
 * resolution (web/, vitest, Playwright) accepts. (AssemblyScript, not linted, writes its
 * imports without an extension, which is what asc resolves.)
 */
const importExtension = {
  meta: {
    type: 'problem',
    fixable: 'code',
    schema: [],
    messages: { js: "Relative imports end in '.js' (the emitted module): write '{{want}}'." },
  },
  create(context) {
    function check(source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      const target = targetOf(context.filename, spec);
      if (target === null) return;
      const [path, query] = spec.split('?');
      let want = null;
      if (/\.(ts|tsx|mts|cts)$/.test(path)) {
        want = path
          .replace(/\.(ts|tsx)$/, '.js')
          .replace(/\.mts$/, '.mjs')
          .replace(/\.cts$/, '.cjs');
      } else if (!ASSET.test(path)) {
        const abs = target.split('?')[0];
        const isDir = existsSync(abs) && statSync(abs).isDirectory();
        want = isDir ? `${path}/index.js` : `${path}.js`;
      }
      if (want === null) return;
      if (query !== undefined) want = `${want}?${query}`;
      const quote = source.raw[0];
      context.report({
        node: source,
        messageId: 'js',
        data: { want },
        fix: (fixer) => fixer.replaceText(source, `${quote}${want}${quote}`),
      });
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

const local = { rules: { 'import-extension': importExtension } };

const unusedVars = [
  'error',
  {
    args: 'after-used',
    argsIgnorePattern: '^_',
    caughtErrors: 'none',
    ignoreRestSiblings: true,
    varsIgnorePattern: '^_',
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'wasm-core/build/**',
      'wasm-core/dist/**',
      'bench/out/**',
      'test-results/**',
      'playwright-report/**',
      '.test-output/**',
      'public/**',
      // AssemblyScript is TypeScript syntax with AS types, but it also puts decorators on
      // functions (`@inline function …`) and writes casts such as `(<i64>1) << (<i64>(bits - 1))` that
      // the TypeScript parser rejects ("Decorators are not valid here", "'>' expected"), so
      // typescript-eslint cannot parse those files; asc checks the engine when it compiles.
      'wasm-core/assembly/**',
    ],
  },
  {
    files: [
      'web/**/*.{ts,tsx}',
      'wasm-core/src/**/*.ts',
      'wasm-core/test/**/*.ts',
      'scripts/**/*.{ts,mjs}',
      'bench/**/*.ts',
      'e2e/**/*.ts',
      '*.ts',
      '*.js',
    ],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin, local },
    rules: {
      '@typescript-eslint/no-unused-vars': unusedVars,
      'local/import-extension': 'error',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
);
