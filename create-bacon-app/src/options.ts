import { parseArgs } from 'node:util';

export type Example = 'html' | 'react' | 'nextjs';
export const EXAMPLES: readonly Example[] = ['html', 'react', 'nextjs'];

export interface Options {
  /** Project (or plugin) name; also the target folder. */
  name?: string;
  /** `embedded`, `compose` or a postgres:// URL. */
  database?: string;
  redis?: string;
  example?: Example;
  /** Scaffold a plugin project named `plugin` instead of an app. */
  plugin?: string;
  force: boolean;
  yes: boolean;
  /** Skip `npm install` and the migrations (files only). */
  install: boolean;
  /** A folder of packed Bacon tarballs (`npm pack`) to install from instead of the registry. */
  packages?: string;
  /** Port written into the widget example and printed in next steps. */
  port: number;
  help: boolean;
}

/** A mistake in the command line, shown as is with the usage. */
export class UsageError extends Error {}

export const USAGE = `Usage: npx create-bacon-app [name] [options]

  name                         project folder (asked when missing)
  --database embedded|compose|postgres://...
                               embedded PGlite (default), the compose stack's Postgres, or a server
  --redis URL                  Redis for several hosts (redis://...)
  --example html|react|nextjs  the widget integration to scaffold (default html)
  --plugin NAME                scaffold a plugin project instead of an app
  --force                      write into a non-empty folder
  --yes, -y                    take the defaults, ask nothing
  --no-install                 write the files only (no npm install, no migrations)
  --packages DIR               install Bacon from the tarballs in DIR (npm pack) instead of the registry
  --port N                     the port the app listens on (default 3000)
`;

/** Parses and checks the command line; throws UsageError naming the bad flag. */
export function parseOptions(argv: readonly string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        database: { type: 'string' },
        redis: { type: 'string' },
        example: { type: 'string' },
        plugin: { type: 'string' },
        force: { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        install: { type: 'boolean', default: true },
        'no-install': { type: 'boolean', default: false },
        packages: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`one project name expected, got ${positionals.length}: ${positionals.join(' ')}`);
  const opts: Options = {
    name: v.plugin ?? positionals[0],
    database: v.database,
    redis: v.redis,
    plugin: v.plugin,
    force: !!v.force,
    yes: !!v.yes,
    install: !!v.install && !v['no-install'],
    packages: v.packages,
    port: v.port === undefined ? 3000 : Number(v.port),
    help: !!v.help,
  };
  if (v.example !== undefined) {
    if (!EXAMPLES.includes(v.example as Example))
      throw new UsageError(`--example must be one of ${EXAMPLES.join(', ')} (got "${v.example}")`);
    opts.example = v.example as Example;
  }
  checkOptions(opts);
  return opts;
}

/** Checks values whatever their source (flags or answers to the prompts). */
export function checkOptions(opts: Options): void {
  if (opts.name !== undefined && !/^[a-z0-9][a-z0-9._-]{0,213}$/.test(opts.name))
    throw new UsageError(`"${opts.name}" is not a valid package name: lower-case letters, digits, ".", "_" and "-"`);
  if (opts.database !== undefined && !/^(embedded|compose|postgres(ql)?:\/\/.+)$/.test(opts.database))
    throw new UsageError(`--database must be embedded, compose or a postgres:// URL (got "${opts.database}")`);
  if (opts.redis !== undefined && opts.redis !== '' && !/^rediss?:\/\/.+/.test(opts.redis))
    throw new UsageError(`--redis must be a redis:// URL (got "${opts.redis}")`);
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new UsageError(`--port must be 1..65535`);
}
