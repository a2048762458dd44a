import type { PluginActionCalls, PluginAudit, PluginCommand, PluginDefinition } from '@bacon/sdk';
import type { Config } from '../config/index.js';
import { HOST_VERSION } from '../version.js';
import type { HostModule } from '../kernel/host-module.js';
import { defineService, type ServiceMap, type ServiceRef } from '../kernel/service-ref.js';
import { auditTrailService } from '../auth/auth-module.js';
import type { Logger } from '../logs/logger.js';
import type { PluginSource } from './plugin-source.js';
import { discoverPlugins } from './discover-plugins.js';
import { migrationDirs } from './plugin-migrations.js';
import { PluginRuntime } from './plugin-runtime.js';
import { ProcessSandbox } from './sandbox/process-sandbox.js';
import type { LookupAll } from './sandbox/fetch-guard.js';
import { createHostFunctions, type HostFunction } from './host-functions.js';
import { createPluginMetrics, type PluginMetrics } from './plugin-metrics.js';
import { Breakers } from './breakers.js';
import { InstallCache } from './install-cache.js';
import { disableInstall } from './disable-install.js';
import { PluginCalls } from './plugin-calls.js';
import { channelAdapters } from './channel-adapters.js';
import { pluginEnrichers } from './plugin-enrichers.js';
import { conversationActions } from './conversation-actions.js';
import { createMessageComponents, registerPluginComponents } from './message-components.js';
import { startEventTriggers } from '../events/event-triggers.js';
import { createSecretBox, loadSecretsKey } from './secret-box.js';
import { secretFor } from './plugin-settings.js';
import { registerPluginRoutes } from './plugin-routes.js';
import { registerPluginAdminRoutes } from './plugin-admin-routes.js';

export interface PluginsModuleOptions {
  /** Definitions (trusted, in-process) or package names/paths, on top of discovery and BACON_PLUGINS. */
  plugins?: readonly (PluginDefinition | string)[];
  /** Project root for discovery (default: the working directory). */
  root?: string;
  /** DNS resolution for plugins' http.fetch (tests stub it); default: the system resolver. */
  dnsLookup?: LookupAll;
  /** Told about discovery warnings. */
  warn?: (msg: string) => void;
}

export type PluginsModule = HostModule & {
  runtime: PluginRuntime;
  sandbox: ProcessSandbox;
  /** Runs the trusted plugins' `prepare` (build what they serve) before the host starts; answers what was built. */
  prepare(opts: { force: boolean; out: (line: string) => void }): Promise<string[]>;
  /** The trusted plugins' operator commands, by `<plugin id>:<name>`. */
  commands(): Map<string, PluginCommand>;
};

/** The plugin runtime (list plugins, call their actions), for tests and embedders: `host.service(pluginsService)`. */
export const pluginsService = defineService<PluginRuntime>('plugins');

const notStarted = { ok: false as const, error: { code: 'host_not_ready', message: 'the host is starting', retryable: true } };

/**
 * The plugin loader as a kernel module. Trusted plugins are found now (their migrations run with
 * the host's); at start sandboxed ones are bundled and loaded into the runner, everything is
 * validated, sorted and inited, and the /api/v1/plugins routes are mounted; at stop, reverse order.
 * It needs `audit` and every host service a trusted plugin declares (`services: ['realtime']`), so
 * a plugin asking for a service no module provides stops the boot, naming both.
 */
export async function pluginsModule(config: Readonly<Config>, opts: PluginsModuleOptions = {}): Promise<PluginsModule> {
  const root = opts.root ?? process.cwd();
  const listed = opts.plugins ?? [];
  const sources: PluginSource[] = [];
  for (const def of listed.filter((p): p is PluginDefinition => typeof p !== 'string')) {
    sources.push({ tier: 'trusted', origin: 'code', name: typeof def?.id === 'string' ? def.id : '(definition)', definition: def });
  }
  const names = listed.filter((p): p is string => typeof p === 'string');
  // Discovery runs before the host's logger is handed over: its warnings are logged at setup.
  const warnings: string[] = [];
  const warn = (msg: string) => {
    warnings.push(msg);
    opts.warn?.(msg);
  };
  const discovered = await discoverPlugins({
    root,
    scan: config.pluginDiscovery ?? true,
    extra: [...(config.plugins ?? []), ...names],
    warn,
  });
  // A definition passed in code is the embedder's explicit choice: it replaces a discovered package with the same id.
  const inCode = new Set(sources.map((s) => s.definition?.id));
  sources.push(...discovered.filter((s) => !(s.definition && inCode.has(s.definition.id))));

  let log: Logger | undefined;
  let hostFunction: HostFunction | undefined;
  let metrics: PluginMetrics | undefined;
  let breakers: Breakers | undefined;
  const sandbox = new ProcessSandbox({
    config,
    log: { info: (o, m) => log?.info(o, m), warn: (o, m) => log?.warn(o, m), error: (o, m) => log?.error(o, m) },
    hostFunction: (scope, fn, args) => (hostFunction ? hostFunction(scope, fn, args) : Promise.resolve(notStarted)),
    onRestart: () => metrics?.runnerRestarts.inc(),
  });
  const runtime = new PluginRuntime(config, sources, HOST_VERSION, sandbox);
  const wanted = pluginServiceNeeds(sources);

  return {
    name: 'plugins',
    runtime,
    sandbox,
    needs: {
      ...Object.fromEntries([...wanted.keys()].map((id) => [id, defineService<unknown>(id)])),
      audit: auditTrailService,
    } as ServiceMap,
    provides: { plugins: pluginsService } as Record<string, ServiceRef<unknown>>,
    wantedBy: (id) => (wanted.has(id) ? `plugin ${wanted.get(id)!.join(', plugin ')}` : undefined),
    migrations: migrationDirs(sources),
    async prepare(prepareOpts) {
      const built: string[] = [];
      for (const s of sources) if (s.tier === 'trusted' && s.definition?.prepare) built.push(...(await s.definition.prepare(prepareOpts)));
      return built;
    },
    commands() {
      const all = new Map<string, PluginCommand>();
      for (const s of sources)
        if (s.tier === 'trusted' && s.definition?.commands)
          for (const [name, command] of Object.entries(s.definition.commands)) all.set(`${s.definition.id}:${name}`, command);
      return all;
    },
    setup(host) {
      log = host.log.child({ module: 'plugins' });
      for (const w of warnings) log.warn({}, w);
    },
    async start(services, needs) {
      log ??= services.log.child({ module: 'plugins' });
      const knex = services.db.knex;
      const box = createSecretBox(await loadSecretsKey(config.pluginSecretsKey, config.dataDir));
      metrics = createPluginMetrics(
        services.metrics.registry,
        () => sandbox.heap(),
        () => Promise.all(runtime.records.map(async (r) => ({ plugin: r.id, tier: r.tier, ok: (await runtime.health(r)).ok }))),
      );
      breakers = new Breakers(
        {
          resetTimeoutMs: config.pluginBreakerResetMs,
          errorThresholdPercentage: config.pluginBreakerThreshold,
          volumeThreshold: config.pluginBreakerVolume,
        },
        metrics.breakerState,
      );
      const installs = new InstallCache(knex);
      const audit = needs.audit as PluginAudit;
      hostFunction = createHostFunctions({
        knex,
        bus: services.bus,
        log,
        box,
        config,
        breakers,
        lookup: opts.dnsLookup,
        disableInstall: disableInstall({ knex, installs, audit, log }),
        tenantSettings: async (s) => (await installs.get(s.record.def, s.tenantId)).settings,
      });
      const events = { knex, log: services.events };
      const calls = new PluginCalls({ runtime, metrics, breakers, hostFunction, installs, sandbox, bus: services.bus, events });
      runtime.calls = calls;
      runtime.secrets = (pluginId, tenantId, name) => secretFor(knex, box, pluginId, tenantId, name);
      registerPluginRoutes(services.routes, { runtime, calls, installs, breakers });
      registerPluginAdminRoutes(services.routes, { runtime, calls, installs, knex, box, audit });
      // `channelAdapters`, `pluginActions`, `pluginEnrichers` and `messageComponents` are this module's own: they call into plugins, so they exist once those are loaded.
      const pluginActions: PluginActionCalls = {
        call: (pluginId, action, input, tenantId) => calls.invoke(pluginId, 'action', action, input, tenantId),
        conversationActions: (tenantId) => conversationActions(runtime, installs, tenantId),
      };
      const messageComponents = createMessageComponents();
      await runtime.start(services, {
        ...needs,
        channelAdapters: channelAdapters(runtime, calls, knex),
        pluginActions,
        pluginEnrichers: pluginEnrichers(runtime, calls, installs),
        messageComponents,
      });
      // Plugins' types join once every plugin is loaded (nothing is sent before the host has started).
      registerPluginComponents(messageComponents, runtime.records, log);
      await startEventTriggers({ events: services.events, runtime, calls, installs, log });
      return { plugins: runtime };
    },
    async stop() {
      await runtime.stop();
      breakers?.shutdown();
    },
  };
}

/** Services the plugins module hands trusted plugins itself (no other module provides them). */
const SELF_PROVIDED = new Set(['channelAdapters', 'pluginActions', 'pluginEnrichers', 'messageComponents']);

/** The host services trusted plugins declare, each with the plugins that want it. */
function pluginServiceNeeds(sources: readonly PluginSource[]): Map<string, string[]> {
  const wanted = new Map<string, string[]>();
  for (const s of sources) {
    if (s.tier !== 'trusted' || !Array.isArray(s.definition?.services)) continue;
    for (const id of s.definition.services) if (!SELF_PROVIDED.has(id)) wanted.set(id, [...(wanted.get(id) ?? []), s.definition.id]);
  }
  return wanted;
}
