import { readTemplate, render } from './templates.js';

/** The files of a new plugin project named `name` (`my-plugin` -> package `bacon-plugin-my-plugin`, id `my-plugin`). */
export async function pluginFiles(name: string, specs: Record<string, string>): Promise<Record<string, string>> {
  const id = name.replace(/^(@[^/]+\/)?bacon-plugin-/, '');
  const packageName = /^(@[^/]+\/)?bacon-plugin-/.test(name) ? name : `bacon-plugin-${name}`;
  const values = {
    id,
    packageName,
    title: id.replace(/(^|-)(\w)/g, (_, dash: string, c: string) => `${dash ? ' ' : ''}${c.toUpperCase()}`),
    sdk: specs['@bacon/sdk'] as string,
    host: specs['@bacon/host'] as string,
    testing: specs['@bacon/testing'] as string,
  };
  const pkg = JSON.parse(render(await readTemplate('plugin/package.json'), values)) as Record<string, unknown>;
  if (Object.values(specs).some((s) => s.startsWith('file:'))) pkg.overrides = specs;
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    '.mocharc.cjs': await readTemplate('plugin/mocharc.cjs'),
    '.gitignore': 'node_modules/\n.bacon/\n',
    'src/index.ts': render(await readTemplate('plugin/src/index.ts'), values),
    'test/plugin.test.ts': render(await readTemplate('plugin/test/plugin.test.ts'), values),
    'README.md': render(await readTemplate('plugin/README.md'), values),
  };
}
