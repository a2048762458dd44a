import { END, type FlowDefinition } from './flow-schema.js';
import { FlowErrors } from './flow-errors.js';

/**
 * What the schema cannot say: step ids are unique, every `next`, `onTimeout`, `onError` and branch
 * target names a step (or `end`), `matches` patterns compile, a handover names at most one target,
 * and an `ai_context` step has a text or a plugin action (both halves of it).
 */
export function checkFlow(def: FlowDefinition): FlowDefinition {
  const ids = new Set<string>();
  def.steps.forEach((s, i) => {
    if (s.id === END) throw FlowErrors.stepInvalid(`steps/${i}/id`, `"${END}" is reserved (it ends the run)`);
    if (ids.has(s.id)) throw FlowErrors.stepInvalid(`steps/${i}/id`, `the id "${s.id}" is used twice`);
    ids.add(s.id);
  });
  const known = (field: string, to: string | undefined) => {
    if (to !== undefined && to !== END && !ids.has(to)) throw FlowErrors.stepInvalid(field, `no step has the id "${to}"`);
  };
  def.steps.forEach((s, i) => {
    const at = `steps/${i}`;
    known(`${at}/next`, s.next);
    if (s.type === 'ask') known(`${at}/onTimeout`, s.onTimeout);
    if (s.type === 'call_plugin') known(`${at}/onError`, s.onError);
    if (s.type === 'branch') {
      known(`${at}/otherwise`, s.otherwise);
      s.cases.forEach((c, j) => {
        known(`${at}/cases/${j}/next`, c.next);
        c.conditions.items.forEach((item, k) => {
          if (item.op !== 'matches') return;
          try {
            new RegExp(String(item.value ?? ''), 'u');
          } catch (err) {
            throw FlowErrors.stepInvalid(`${at}/cases/${j}/conditions/items/${k}/value`, (err as Error).message);
          }
        });
      });
    }
    if (s.type === 'handover' && s.agentId !== undefined && s.strategy !== undefined)
      throw FlowErrors.stepInvalid(at, 'a handover names an agentId or a strategy, not both');
    if (s.type === 'ai_context') {
      if ((s.pluginId === undefined) !== (s.action === undefined)) throw FlowErrors.stepInvalid(at, 'pluginId and action go together');
      if (s.text === undefined && s.pluginId === undefined)
        throw FlowErrors.stepInvalid(at, 'an ai_context step needs a text or a plugin action');
    }
  });
  return def;
}

/** The id of the step a run goes to after `index` when the step names none (the one below, or the end). */
export function stepAfter(def: FlowDefinition, index: number): string {
  return def.steps[index + 1]?.id ?? END;
}
