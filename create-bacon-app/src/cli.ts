#!/usr/bin/env node
// npx create-bacon-app [name] [--database ...] [--redis URL] [--example ...] [--plugin NAME] [--force] [--yes]
import { createApp, nextSteps } from './create-app.js';
import { parseOptions, USAGE, UsageError } from './options.js';
import { askMissing } from './prompts.js';

try {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const opts = await askMissing(parsed);
  process.stdout.write(`Creating ${opts.plugin ? `the plugin ${opts.name}` : `the Bacon app ${opts.name}`}\n`);
  const result = await createApp(opts);
  process.stdout.write(`${nextSteps(opts, result)}\n`);
} catch (err) {
  process.stderr.write(`\ncreate-bacon-app: ${(err as Error).message}\n`);
  if (err instanceof UsageError) process.stderr.write(`\n${USAGE}`);
  process.exit(err instanceof UsageError ? 64 : 1);
}
