import type { PluginDefinition } from '@bacon/sdk';
import type { Config } from './config/index.js';
import type { HostModule } from './host.js';
import { authModule } from './auth/index.js';
import { realtimeModule } from './realtime/index.js';
import { publicRoutesModule } from './http/public-routes.js';
import { staticFilesModule } from './http/static-files.js';
import { mailModule } from './mail/mail-module.js';
import { pluginsModule, type PluginsModuleOptions } from './plugins/index.js';
import { personalDataModule } from './compliance/personal-data-module.js';
import { dataResidencyModule } from './compliance/data-residency-module.js';

export interface DefaultModulesOptions {
  /** Plugin definitions (trusted) or package names/paths to load beside discovery and BACON_PLUGINS. */
  plugins?: readonly (PluginDefinition | string)[];
  /** More options of the plugin loader (DNS stub for tests, project root). */
  pluginOptions?: Omit<PluginsModuleOptions, 'plugins'>;
}

/**
 * The kernel equipment every host runs with (`npm start` and every test host). The host starts
 * them in the order their declared services require (auth, then realtime, then the plugins).
 */
export async function defaultModules(config: Readonly<Config>, opts: DefaultModulesOptions = {}): Promise<HostModule[]> {
  const modules: HostModule[] = [];
  modules.push(authModule(config));
  modules.push(realtimeModule());
  modules.push(publicRoutesModule());
  modules.push(staticFilesModule());
  modules.push(mailModule(config));
  modules.push(personalDataModule());
  modules.push(await pluginsModule(config, { ...opts.pluginOptions, plugins: opts.plugins }));
  modules.push(dataResidencyModule());
  return modules;
}
