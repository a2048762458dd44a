// One mocha run over every workspace's tests. TypeScript runs through tsx (no build step);
// isolated-vm needs --no-node-snapshot; workspace packages resolve to their sources.
// `npx mocha some/test/file.test.ts` runs just that: the default spec list applies only when no
// test path is given on the command line.
const explicit = process.argv.slice(2).some((a) => !a.startsWith('-') && /(\.ts$|test)/.test(a));

module.exports = {
  spec: explicit
    ? []
    : [
        'sdk/test/**/*.test.ts',
        'host/test/**/*.test.ts',
        'packages/*/test/**/*.test.ts',
        'official-plugins/*/test/**/*.test.ts',
        'examples/*/test/**/*.test.ts',
        'tests/**/*.test.ts',
      ],
  extension: ['test.ts'],
  recursive: true,
  'node-option': ['no-node-snapshot', 'import=tsx', 'conditions=bacon-source'],
  require: ['tests/setup/root-hooks.ts'],
  reporter: 'tests/setup/summary-reporter.cjs',
  timeout: 60000,
  exit: true,
};
