// isolated-vm (the sandbox @bacon/testing runs the plugin in) needs --no-node-snapshot, which worker
// threads refuse: no --parallel. tsx runs the TypeScript; no build step before the tests.
module.exports = {
  spec: ['test/**/*.test.ts'],
  'node-option': ['no-node-snapshot', 'import=tsx'],
  timeout: 180000,
  exit: true,
};
