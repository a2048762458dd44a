import type { Options } from './options.js';
import { freshSecrets, fillEnv } from './secrets.js';
import { readTemplate, render } from './templates.js';

/** The files of a new app, by path relative to its folder, and its admin password. */
export interface AppFiles {
  files: Record<string, string>;
  adminPassword: string;
}

const NODE_FLAGS = '--no-node-snapshot --import tsx node_modules/@bacon/host/src/cli.ts';

/** Scaffolds the app: package.json, .env (fresh secrets), the compose stack, the widget example. */
export async function appFiles(
  opts: Required<Pick<Options, 'name' | 'database' | 'example' | 'port'>> & Pick<Options, 'redis'>,
  specs: Record<string, string>,
): Promise<AppFiles> {
  const url = `http://localhost:${opts.port}`;
  const secrets = freshSecrets();
  const env: Record<string, string> = { ...secrets, PORT: String(opts.port), BACON_PORT: String(opts.port) };
  if (opts.database.startsWith('postgres')) env.DATABASE_URL = opts.database;
  if (opts.redis) env.REDIS_URL = opts.redis;
  const envExample = await readTemplate('stack/env.example');
  const pkg = {
    name: opts.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      start: `node --env-file=.env ${NODE_FLAGS} start`,
      migrate: `node --env-file=.env ${NODE_FLAGS} migrate`,
      'stack:up': 'docker compose up -d --build --wait',
      'stack:down': 'docker compose down',
    },
    dependencies: specs,
    // Tarballs (--packages) depend on each other by name: the overrides keep npm on them, off the registry.
    ...(Object.values(specs).some((s) => s.startsWith('file:')) ? { overrides: specs } : {}),
    allowScripts: { 'isolated-vm': true, esbuild: true },
    engines: { node: '>=20.12' },
  };
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    '.env': fillEnv(envExample, env),
    '.env.example': envExample,
    '.gitignore': await readTemplate('app/gitignore'),
    '.dockerignore': await readTemplate('app/dockerignore'),
    'docker-compose.yml': await readTemplate('stack/docker-compose.yml'),
    Dockerfile: render(await readTemplate('app/Dockerfile'), { name: opts.name }),
    ...(await exampleFiles(opts.example, url, opts.name)),
  };
  const exampleNote = {
    html: 'open widget/index.html from any local web server',
    react: 'a React page: npx vite widget',
    nextjs: 'a Next.js app router folder: copy widget/app into your Next app',
  }[opts.example];
  files['README.md'] = render(await readTemplate('app/README.md'), { name: opts.name, url, exampleNote });
  return { files, adminPassword: secrets.BACON_ADMIN_PASSWORD as string };
}

async function exampleFiles(example: Options['example'], url: string, name: string): Promise<Record<string, string>> {
  if (example === 'react') {
    return {
      'widget/index.html': (await readTemplate('examples/react/index.html')).replace('http://localhost:3000', url),
      'widget/src/bacon-widget.tsx': await readTemplate('examples/react/bacon-widget.tsx'),
      'widget/src/app.tsx': await readTemplate('examples/react/app.tsx'),
      'widget/src/main.tsx': await readTemplate('examples/react/main.tsx'),
    };
  }
  if (example === 'nextjs') {
    return {
      'widget/app/bacon-widget.tsx': await readTemplate('examples/react/bacon-widget.tsx'),
      'widget/app/bacon-chat.tsx': (await readTemplate('examples/nextjs/bacon-chat.tsx')).replace(
        "'@bacon/example-react-widget'",
        "'./bacon-widget'",
      ),
      'widget/app/layout.tsx': await readTemplate('examples/nextjs/layout.tsx'),
      'widget/app/page.tsx': await readTemplate('examples/nextjs/page.tsx'),
      'widget/.env.local': (await readTemplate('examples/nextjs/env.local.example')).replace('http://localhost:3000', url),
    };
  }
  return { 'widget/index.html': render(await readTemplate('app/widget-index.html'), { name, url }) };
}
