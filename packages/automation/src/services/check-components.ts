import { componentsInvalid, type MessageComponentRegistry } from '@bacon/sdk';
import type { RuleDefinition } from '../rule-schema.js';

/**
 * The rich components of a definition's send-message actions, checked against the install's types
 * when the rule is saved (the inbox checks them again on every send: a plugin may have gone since).
 */
export function checkComponents(def: RuleDefinition | undefined, registry: Pick<MessageComponentRegistry, 'problems'>): void {
  const problems = (def?.actions ?? []).flatMap((a, i) =>
    a.type === 'send_message' ? registry.problems(a.components, `body/definition/actions/${i}/components`) : [],
  );
  if (problems.length) throw componentsInvalid(problems);
}
