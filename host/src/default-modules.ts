import type { Config } from './config/index.js';
import type { HostModule } from './host.js';

/** The kernel equipment `npm start` runs with. Auth and the plugin loader join this list. */
export async function defaultModules(_config: Readonly<Config>): Promise<HostModule[]> {
  return [];
}
