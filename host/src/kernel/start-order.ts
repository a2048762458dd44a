import type { HostModule } from './host-module.js';

/** A service graph the host cannot start: a missing provider, two providers, or a cycle. */
export class ServiceGraphError extends Error {
  override name = 'ServiceGraphError';
}

/**
 * The order to start modules in: every module after the providers of what it needs, otherwise in
 * the order given (Kahn's sort, ties kept stable). Throws, naming them, on a service no module
 * provides, a service two modules provide, or a cycle.
 */
export function startOrder(modules: readonly HostModule[]): HostModule[] {
  const provider = new Map<string, HostModule>();
  for (const m of modules) {
    for (const ref of Object.values(m.provides ?? {})) {
      const other = provider.get(ref.id);
      if (other) throw new ServiceGraphError(`service '${ref.id}' is provided by both module ${other.name} and module ${m.name}`);
      provider.set(ref.id, m);
    }
  }
  const deps = new Map<HostModule, HostModule[]>();
  for (const m of modules) {
    const list: HostModule[] = [];
    for (const ref of Object.values(m.needs ?? {})) {
      const p = provider.get(ref.id);
      if (!p) {
        const who = m.wantedBy?.(ref.id);
        throw new ServiceGraphError(
          `module ${m.name} needs service '${ref.id}' that no module provides${who ? ` (${who} asks for it)` : ''}`,
        );
      }
      if (p !== m && !list.includes(p)) list.push(p);
    }
    deps.set(m, list);
  }
  const order: HostModule[] = [];
  const left = [...modules];
  while (left.length) {
    const next = left.find((m) => deps.get(m)!.every((d) => order.includes(d)));
    if (!next) throw new ServiceGraphError(`service cycle: ${describeCycle(left, deps, provider)}`);
    order.push(next);
    left.splice(left.indexOf(next), 1);
  }
  return order;
}

/** Walks needs from a module that could not start until it comes back: "a -> b -> a (a needs 'x', b needs 'y')". */
function describeCycle(left: HostModule[], deps: Map<HostModule, HostModule[]>, provider: Map<string, HostModule>): string {
  const path: HostModule[] = [left[0]!];
  for (;;) {
    const here = path[path.length - 1]!;
    const next = deps.get(here)!.find((d) => left.includes(d))!;
    const seen = path.indexOf(next);
    if (seen >= 0) {
      const loop = [...path.slice(seen), next];
      const via = loop.slice(0, -1).map((m, i) => {
        const ref = Object.values(m.needs ?? {}).find((r) => provider.get(r.id) === loop[i + 1]);
        return `${m.name} needs '${ref?.id}'`;
      });
      return `${loop.map((m) => m.name).join(' -> ')} (${via.join(', ')})`;
    }
    path.push(next);
  }
}
