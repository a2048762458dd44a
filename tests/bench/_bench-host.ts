// A host process for the realtime benchmarks: the kernel with the inbox and the channels plugin,
// configured from the environment like `npm start` (no UI build). Prints `READY <url>` when it serves.
import { createHost, defaultModules, loadConfig, createLogger } from '@bacon/host';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';

const config = loadConfig();
const modules = await defaultModules(config, { plugins: [inbox, channelsPlugin()] });
const host = createHost({ config, logger: createLogger(config), modules });
const url = await host.start();
process.stdout.write(`READY ${url}\n`);
const stop = () => void host.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
