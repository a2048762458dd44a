import type { Config } from './config/index.js';
import type { HostModule } from './host.js';

/**
 * The kernel equipment every host runs with (`npm start` and every test host), in start order:
 * auth first (it provides `directory` and `audit`), then the plugin loader.
 */
export async function defaultModules(_config: Readonly<Config>): Promise<HostModule[]> {
  const modules: HostModule[] = [];
  // auth (issue 4): modules.push(authModule(config));
  // plugins (issue 3): modules.push(pluginsModule(config));
  return modules;
}
