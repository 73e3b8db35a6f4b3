// ESLint flat config. The layer table of DESIGN.md §2 is enforced here with
// no-restricted-imports: each folder may reach only the layers below it, and only through their
// index.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LAYERS = ['drivers', 'rules', 'agent', 'sim'];

/** Import patterns that reach into any of `layers`, from a sibling folder at any depth. */
function layerPatterns(layers) {
  return layers.map((layer) => ({
    group: [`**/${layer}/*`, `**/${layer}`],
    message: `this layer may not import ${layer}/ (DESIGN.md §2)`,
  }));
}

/** Deep imports into an allowed layer: only its index.ts is public. */
function deepPatterns(layers) {
  return layers.map((layer) => ({
    group: [`**/${layer}/**`, `!**/${layer}/index.js`],
    message: `import ${layer}/ through its index.ts (DESIGN.md §2)`,
  }));
}

const NODE_IO = ['fs', 'net', 'child_process', 'dgram', 'http', 'https', 'os', 'worker_threads'];
const pureNodePatterns = NODE_IO.map((mod) => ({
  group: [`node:${mod}`, `node:${mod}/*`, mod],
  message: 'rules/ is pure: no I/O (DESIGN.md §2)',
}));

function restrict(patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-len': ['error', { code: 100, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    files: ['drivers/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(layerPatterns(['rules', 'agent', 'sim'])),
  },
  {
    files: ['rules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...restrict([
        ...layerPatterns(['drivers', 'agent', 'sim']),
        ...pureNodePatterns,
        { group: ['pino', 'pino/*'], message: 'rules/ is pure: no logger (DESIGN.md §2)' },
      ]),
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'rules/ has no clock: time comes with data' },
        { object: 'performance', property: 'now', message: 'rules/ has no clock' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'rules/ has no clock: time comes with the data (DESIGN.md §2)',
        },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['agent/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([...layerPatterns(['sim']), ...deepPatterns(['drivers', 'rules'])]),
  },
  {
    // The command line is the one place the simulator is reached from: `deepseaguard sim`.
    files: ['agent/cli/sim.ts'],
    rules: restrict(deepPatterns(['drivers', 'rules', 'sim'])),
  },
  {
    files: ['sim/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([...layerPatterns(['rules', 'agent']), ...deepPatterns(['drivers'])]),
  },
);

export { LAYERS };
