import { maskPiiDeep, type EventConsumer } from '@bacon/sdk';
import { topicMatcher } from '../bus/event-bus.js';
import type { Logger } from '../logs/logger.js';
import type { PluginRuntime } from '../plugins/plugin-runtime.js';
import type { PluginCalls } from '../plugins/plugin-calls.js';
import type { InstallCache } from '../plugins/install-cache.js';
import type { EventLog } from './event-log.js';

export interface EventTriggerDeps {
  events: EventLog;
  runtime: PluginRuntime;
  calls: PluginCalls;
  installs: InstallCache;
  log: Logger;
}

/**
 * Runs sandboxed plugins' `event` triggers from the durable log: one consumer per (plugin, trigger),
 * named `plugin:<id>:trigger:<name>`, starting at the newest event when first created. For each event
 * of a tenant where the plugin is enabled with the `events` grant and a `subscribe` pattern of its
 * manifest matching the topic, the trigger's `onEvent` runs in the sandbox and its payloads are
 * published as `trigger.<id>.<name>`. Other tenants' events are passed over (handled, nothing run).
 * Unless the tenant granted `pii`, the payload's emails, phones, cards and IBANs are masked first.
 */
export async function startEventTriggers(deps: EventTriggerDeps): Promise<EventConsumer[]> {
  const started: EventConsumer[] = [];
  for (const r of deps.runtime.records) {
    if (r.state !== 'running' || r.tier !== 'sandboxed') continue;
    const subscribe = (r.def.capabilities ?? [])
      .filter((c) => c.name === 'events')
      .flatMap((c) => c.subscribe ?? [])
      .map(topicMatcher);
    for (const [name, t] of Object.entries(r.def.triggers ?? {})) {
      if (t.source !== 'event' || !t.topic) continue;
      if (!subscribe.length) {
        deps.log.warn({ plugin: r.id, trigger: name }, 'events: event trigger without an events.subscribe capability never runs');
        continue;
      }
      const consumer = await deps.events.consume(
        `plugin:${r.id}:trigger:${name}`,
        t.topic,
        async (event) => {
          if (!subscribe.some((m) => m(event.topic))) return;
          const { install } = await deps.installs.get(r.def, event.tenantId);
          if (!install?.enabled || !install.grants.includes('events')) return;
          // Without the `pii` grant the plugin sees the event with its personal data masked.
          const seen = install.grants.includes('pii') ? event : { ...event, payload: maskPiiDeep(event.payload) };
          await deps.calls.fireTrigger(r.id, name, seen, event.tenantId);
        },
        { from: 'now' },
      );
      started.push(consumer);
    }
  }
  return started;
}
