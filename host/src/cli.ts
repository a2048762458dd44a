import type { PluginsModule } from './plugins/plugins-module.js';

const command = process.argv[2] ?? 'start';
const bootStarted = Date.now();
const elapsed = () => `${((Date.now() - bootStarted) / 1000).toFixed(1)} s`;

/** Prints `line` now and "still ..." every few seconds until `work` settles: no silent stretch at start. */
async function withProgress<T>(line: string, work: Promise<T>): Promise<T> {
  process.stdout.write(`${line}\n`);
  const ticker = setInterval(() => process.stdout.write(`  ...still working (${elapsed()})\n`), 3000);
  try {
    return await work;
  } finally {
    clearInterval(ticker);
  }
}

async function main(): Promise<void> {
  // The kernel's modules load (TypeScript compiled on the fly) before anything else can print.
  if (command === 'start') process.stdout.write('Loading Bacon...\n');
  const [
    { createHost, ConfigError, loadConfig, createLogger, runMigrations, HOST_MIGRATIONS },
    { connectDatabase },
    { defaultModules },
    ipRules,
  ] = await Promise.all([
    import('./index.js'),
    import('./db/connect.js'),
    import('./default-modules.js'),
    import('./security/ip-rules-command.js'),
  ]);
  const { ipRulesCommand, hostAnswersOn } = ipRules;
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`bacon: ${err.message}\nSee docs/configuration.md for every variable.\n`);
      process.exit(78);
    }
    throw err;
  }
  const log = createLogger(config);
  if (command === 'ip-rules') {
    const io = {
      out: (l: string) => process.stdout.write(`${l}\n`),
      err: (l: string) => process.stderr.write(`${l}\n`),
      hostRunning: () => hostAnswersOn(config.port),
    };
    process.exit(await ipRulesCommand(process.argv.slice(3), config, createLogger({ ...config, logLevel: 'warn' }), io));
  }
  const modules = await (command === 'start'
    ? withProgress(`Loading plugins... (${elapsed()})`, defaultModules(config))
    : defaultModules(config));
  // Plugins that serve a browser app build it here (their prepare hook); the host knows none of them.
  const plugins = modules.find((m): m is PluginsModule => m.name === 'plugins');
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (command === 'migrate') {
    const db = await connectDatabase(config, log);
    const applied = await runMigrations(db.knex, [HOST_MIGRATIONS, ...modules.flatMap((m) => m.migrations ?? [])]);
    process.stdout.write(
      applied.length ? `Applied ${applied.length} migrations:\n  ${applied.join('\n  ')}\n` : 'Database is up to date.\n',
    );
    await db.close();
    return;
  }
  if (command === 'build-ui') {
    const built = (await plugins?.prepare({ force: process.argv.includes('--force'), out })) ?? [];
    if (!built.length) process.stdout.write('Every plugin build is up to date.\n');
    return;
  }
  if (command.includes(':')) {
    const { runPluginCommand } = await import('./plugins/plugin-command.js');
    const io = {
      out: (l: string) => process.stdout.write(`${l}\n`),
      err: (l: string) => process.stderr.write(`${l}\n`),
      hostRunning: () => hostAnswersOn(config.port),
    };
    const commands = plugins?.commands() ?? new Map();
    const quiet = createLogger({ ...config, logLevel: 'warn' });
    process.exit(
      await runPluginCommand(command, process.argv.slice(3), commands, { config, log: quiet, migrations: [HOST_MIGRATIONS], modules, io }),
    );
  }
  if (command !== 'start') {
    process.stderr.write(`bacon: unknown command "${command}" (use start, migrate, build-ui, ip-rules or <plugin>:<command>)\n`);
    process.exit(64);
  }
  await plugins?.prepare({ force: false, out });
  process.stdout.write(
    `Bacon is starting (${config.databaseUrl ? 'Postgres' : `embedded PGlite in ${config.dataDir}`}${config.redisUrl ? ', Redis' : ''})...\n`,
  );
  const host = createHost({ config, logger: log, modules });
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    host.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  const url = await withProgress(
    config.databaseUrl
      ? 'Connecting to Postgres, running migrations, starting plugins...'
      : 'Starting the embedded database (the first start initialises it), running migrations, starting plugins...',
    host.start(),
  );
  process.stdout.write(
    `\nBacon is running at ${config.publicUrl ?? url} (started in ${elapsed()})\n  console: ${config.publicUrl ?? url}/webui.html\n  health:  ${url}/readyz\n\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bacon: failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
