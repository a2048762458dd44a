// One mocha run over every workspace's tests. TypeScript runs through tsx (no build step);
// isolated-vm needs --no-node-snapshot; workspace packages resolve to their sources.
module.exports = {
  spec: [
    'sdk/test/**/*.test.ts',
    'host/test/**/*.test.ts',
    'packages/*/test/**/*.test.ts',
    'official-plugins/*/test/**/*.test.ts',
    'examples/*/test/**/*.test.ts',
    'tests/**/*.test.ts',
  ],
  'node-option': ['no-node-snapshot', 'import=tsx', 'conditions=bacon-source'],
  require: ['tests/setup/root-hooks.ts'],
  reporter: 'tests/setup/summary-reporter.cjs',
  timeout: 60000,
  exit: true,
};
