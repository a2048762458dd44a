import { PluginLoadErrors } from './plugin-errors.js';

export interface Sortable {
  id: string;
  order?: number;
  dependencies?: Record<string, string>;
  /** Plugin records carry the manifest here. */
  def?: { order?: number; dependencies?: Record<string, string> };
}

const orderOf = (it: Sortable) => it.order ?? it.def?.order ?? 0;
const depsOf = (it: Sortable) => it.dependencies ?? it.def?.dependencies ?? {};
const byOrderThenId = (a: Sortable, b: Sortable) => orderOf(a) - orderOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Kahn's topological sort: a plugin comes after everything it depends on; among the plugins ready
 * at each step the lowest `(order, id)` goes first. The result depends only on the set, never on
 * the order it was discovered in. Missing dependencies and cycles throw, naming the plugins.
 */
export function sortPlugins<T extends Sortable>(items: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const it of items) {
    if (byId.has(it.id)) throw PluginLoadErrors.duplicate(it.id, `plugin "${it.id}" is installed twice`);
    byId.set(it.id, it);
  }
  const missing = items.flatMap((it) =>
    Object.keys(depsOf(it))
      .filter((d) => !byId.has(d))
      .map((d) => `plugin "${it.id}" depends on "${d}", which is not installed`),
  );
  if (missing.length) throw PluginLoadErrors.dependencyMissing(missing[0]!.split('"')[1]!, missing.join('; '), 'dependencies');

  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const it of items) {
    indegree.set(it.id, Object.keys(depsOf(it)).length);
    for (const d of Object.keys(depsOf(it))) dependents.set(d, [...(dependents.get(d) ?? []), it.id]);
  }
  const ready = items.filter((it) => indegree.get(it.id) === 0).sort(byOrderThenId);
  const out: T[] = [];
  while (ready.length) {
    const next = ready.shift()!;
    out.push(next);
    for (const dep of dependents.get(next.id) ?? []) {
      const left = indegree.get(dep)! - 1;
      indegree.set(dep, left);
      if (left === 0) {
        ready.push(byId.get(dep)!);
        ready.sort(byOrderThenId);
      }
    }
  }
  if (out.length < items.length) {
    const cycle = findCycle(items.filter((it) => indegree.get(it.id)! > 0).sort(byOrderThenId), byId);
    throw PluginLoadErrors.dependencyCycle(cycle[0]!, `plugin dependency cycle: ${cycle.join(' -> ')}`, 'dependencies');
  }
  return out;
}

/** One cycle among the plugins Kahn could not place, as ids with the first repeated at the end. */
function findCycle<T extends Sortable>(stuck: T[], byId: Map<string, T>): string[] {
  const stuckIds = new Set(stuck.map((s) => s.id));
  const start = stuck[0]!.id;
  const path: string[] = [];
  const seen = new Map<string, number>();
  let cur = start;
  while (!seen.has(cur)) {
    seen.set(cur, path.length);
    path.push(cur);
    cur = Object.keys(depsOf(byId.get(cur)!))
      .filter((d) => stuckIds.has(d))
      .sort()[0]!;
  }
  return [...path.slice(seen.get(cur)), cur];
}
