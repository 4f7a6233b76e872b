// @ts-check
const js = require('@eslint/js');
const prettier = require('eslint-config-prettier');
const tseslint = require('typescript-eslint');

/**
 * Layer fences. `no-restricted-imports` sees the import text, not the resolved file, so a relative import that
 * leaves a folder is recognised by its number of `../` against the importing file's depth: each fence is
 * written once here and expanded for every depth below.
 */
const MAX_DEPTH = 4;

/** Folders (and the packages) a sandboxed layer may import. Everything else is refused. */
const SANDBOXED = {
  // Workflow code runs in Temporal's deterministic sandbox; common/ is imported by it.
  folders: ['workflows', 'common'],
  packages: ['@temporalio/workflow', '@temporalio/common', 'zod', '@noble/curves'],
  siblings: ['common'],
  // Type-only (erased at compile time): the activity interface the workflow stubs, and the port's item reference.
  typeOnly: ['activities', 'site-recovery'],
};

/** The library: what workers, clients and programs are made of. */
const LIBRARY = ['activities', 'common', 'config', 'notifications', 'site-recovery', 'workflows'];
/** Hosting and program parts above the library, each used only by bin/ (and demo/, bench/ by nothing else). */
const ABOVE_LIBRARY = ['workers', 'local-stack', 'client', 'cli', 'demo', 'bench'];

/** Folder -> folders of siteshift it must not import (imports only go downward; see README, Project layout). */
const FORBIDDEN_SIBLINGS = {
  ...Object.fromEntries(LIBRARY.map((folder) => [folder, ABOVE_LIBRARY])),
  workers: ['local-stack', 'client', 'cli', 'demo', 'bench'],
  'local-stack': ['workers', 'client', 'cli', 'demo', 'bench'],
  client: ['workers', 'local-stack', 'cli', 'demo', 'bench'],
  cli: ['workers', 'local-stack', 'demo', 'bench'],
  demo: ['bench'],
  bench: ['demo'],
};
const PROGRAMS = 'bin';
const LAYERS = [
  'activities',
  'bench',
  'cli',
  'client',
  'common',
  'config',
  'demo',
  'emulator',
  'local-stack',
  'notifications',
  'site-recovery',
  'workers',
  'workflows',
];
/** The emulator stays standalone: nothing of siteshift outside emulator/. */
const STANDALONE = ['emulator'];

const up = (depth) => `(\\.\\./){${depth}}`;
const oneOf = (names) => `(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;

/** A `no-restricted-imports` pattern on the import text (case-sensitive: paths are). */
const pattern = (regex, message, options = {}) => ({ regex, message, caseSensitive: true, ...options });

/** `no-restricted-imports` patterns for a file `depth` folders below the root, in `folder`. */
function fencePatterns(folder, depth) {
  const patterns = [];
  if (SANDBOXED.folders.includes(folder)) {
    const typeOnly = SANDBOXED.typeOnly.map((name) => `${name}/`).join(', ');
    patterns.push(
      pattern(
        `^(?!\\.|${oneOf(SANDBOXED.packages)}(/|$))`,
        `${folder}/ runs in (or is imported by) the workflow sandbox: only ${SANDBOXED.packages.join(', ')} and common/ (no node:*, no other package).`,
      ),
      pattern(
        `^${up(depth)}(?!${oneOf([...SANDBOXED.siblings, ...SANDBOXED.typeOnly])}(/|$))`,
        `${folder}/ imports nothing of siteshift but common/ (and types of ${typeOnly}).`,
      ),
      pattern(
        `^${up(depth)}${oneOf(SANDBOXED.typeOnly)}(/|$)`,
        `${folder}/ may only import types (import type) from ${typeOnly}: their code is not deterministic.`,
        {
          allowTypeImports: true,
        },
      ),
    );
  }
  const forbidden = [...new Set([...(FORBIDDEN_SIBLINGS[folder] ?? []), ...(folder === PROGRAMS ? [] : [PROGRAMS])])];
  if (forbidden.length > 0) {
    const names = forbidden.map((name) => `${name}/`).join(', ');
    patterns.push(
      pattern(
        `^${up(depth)}${oneOf(forbidden)}(/|$)`,
        `${folder}/ must not import ${names}: no import from a lower layer to a higher one.`,
      ),
    );
  }
  if (STANDALONE.includes(folder)) {
    patterns.push(pattern(`^${up(depth)}`, `${folder}/ is standalone: it imports nothing of siteshift outside ${folder}/.`));
  }
  return patterns;
}

const fences = LAYERS.flatMap((folder) =>
  Array.from({ length: MAX_DEPTH }, (_, index) => {
    const depth = index + 1;
    const patterns = fencePatterns(folder, depth);
    return {
      name: `siteshift/fence/${folder}/depth-${depth}`,
      files: [`${folder}/${'*/'.repeat(depth - 1)}*.ts`],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
    };
  }),
);

/** No environment, clock-free I/O or process access in sandboxed code: settings come in through the request. */
const sandboxGlobals = {
  name: 'siteshift/sandbox-globals',
  files: SANDBOXED.folders.map((folder) => `${folder}/**/*.ts`),
  rules: {
    'no-restricted-globals': [
      'error',
      { name: 'process', message: 'Workflow code and common/ read no process state (process.env included): pass settings in.' },
      { name: 'require', message: 'Use an import (fenced by no-restricted-imports).' },
    ],
    'no-restricted-properties': [
      'error',
      { object: 'globalThis', property: 'process', message: 'Workflow code and common/ read no process state.' },
    ],
  },
};

/** The web console runs in the browser: of siteshift only common/ (types, stages), and only its bundled packages. */
const consoleFence = {
  name: 'siteshift/fence/console',
  files: ['console/**/*.ts', 'console/**/*.tsx'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          pattern(
            '^(?!\\.|preact(/|$)|eventsource-parser$)',
            'console/ bundles only preact and eventsource-parser (no node:*, no server package).',
          ),
          pattern('^(\\.\\./){2,}(?!common/)', 'console/ runs in the browser: of siteshift it imports only common/.'),
        ],
      },
    ],
  },
};

// CommonJS, so the lint test (test/lint/) can load it inside Jest, which cannot import() an ES module config.
module.exports = tseslint.config(
  { name: 'siteshift/ignores', ignores: ['node_modules/', 'dist/', '.data/', 'coverage/'] },
  // A disable comment that no longer disables anything is an error: it would hide the next real finding.
  { name: 'siteshift/linter-options', linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'siteshift/typescript',
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      // Type information for no-floating-promises: tsconfig.json for the product, test/tsconfig.json for tests.
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // tsc reports unused names (noUnusedLocals, noUnusedParameters): one source for that rule.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    name: 'siteshift/commonjs',
    files: ['**/*.js', 'bin/siteshift'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    name: 'siteshift/tests',
    files: ['test/**/*.ts'],
    // Tests walk JSON from the wire and from recorded examples by path (body.properties.x); `any` is that JSON's
    // honest type there, and a wrong path fails the assertion. Product code keeps the rule.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...fences,
  consoleFence,
  sandboxGlobals,
  prettier,
);
