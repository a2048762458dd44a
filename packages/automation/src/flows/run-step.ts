import type { MessageComponent } from '@bacon/sdk';
import type { FlowDeps, MessageComponentLike } from './flow-deps.js';
import { END, type FlowDefinition, type FlowStep } from './flow-schema.js';
import { stepAfter } from './check-flow.js';
import type { FlowRun } from './flow-runs.js';
import { matchCondition, renderTemplate, renderValue } from '../services/match-conditions.js';
import type { Facts } from '../services/match-trigger.js';

/** What a step did: where the run goes, what it saved, and whether it now waits or ends. */
export interface StepResult {
  next: string;
  outcome?: string;
  vars?: Record<string, unknown>;
  /** An `ask`: wait for the visitor until then; the answer must come after `afterSeq`. */
  wait?: { until: Date; afterSeq: number };
  /** A handover ends the run as `handed_over`. */
  handedOver?: boolean;
}

const bot = (run: FlowRun) => ({ authorId: null, authorKind: 'bot' as const, cause: run.cause ?? undefined });

async function say(inbox: FlowDeps['inbox'], run: FlowRun, text: string, components: MessageComponentLike[] | undefined, facts: Facts) {
  return inbox.sendAgentMessage(run.tenantId, run.conversationId, {
    ...bot(run),
    text: renderTemplate(text, facts),
    ...(components ? { components: components as MessageComponent[] } : {}),
  });
}

/** Runs one step of a run (the run's conversation, its vars and the last reply are the facts). */
export async function runStep(deps: FlowDeps, run: FlowRun, def: FlowDefinition, index: number, facts: Facts): Promise<StepResult> {
  const step: FlowStep = def.steps[index]!;
  const after = step.next ?? stepAfter(def, index);
  switch (step.type) {
    case 'send_message':
      await say(deps.inbox, run, step.text, step.components, facts);
      return { next: after };
    case 'ask': {
      const m = await say(deps.inbox, run, step.text, step.components, facts);
      return { next: step.id, outcome: 'waiting', wait: { until: new Date(Date.now() + step.timeoutSeconds * 1000), afterSeq: m.seq } };
    }
    case 'branch': {
      for (const [i, c] of step.cases.entries()) {
        const test = (item: (typeof c.conditions.items)[number]) => matchCondition(item, facts);
        const hit = c.conditions.match === 'any' ? c.conditions.items.some(test) : c.conditions.items.every(test);
        if (hit) return { next: c.next, outcome: `case ${i}` };
      }
      return { next: step.otherwise ?? after, outcome: 'otherwise' };
    }
    case 'call_plugin': {
      try {
        const output = await deps.plugins.call(step.pluginId, step.action, renderValue(step.input ?? {}, facts), run.tenantId);
        return { next: after, vars: step.saveAs ? { [step.saveAs]: output ?? null } : undefined };
      } catch (err) {
        if (step.onError === undefined) throw err;
        return { next: step.onError, outcome: `error: ${(err as Error).message ?? String(err)}` };
      }
    }
    case 'ai_context': {
      // Always an object (a bare JSON string would read back ambiguously).
      const data =
        step.pluginId && step.action
          ? { output: (await deps.plugins.call(step.pluginId, step.action, renderValue(step.input ?? {}, facts), run.tenantId)) ?? null }
          : { text: renderTemplate(step.text!, facts) };
      const row = {
        tenant_id: run.tenantId,
        conversation_id: run.conversationId,
        title: step.title,
        data: JSON.stringify(data),
        run_id: run.id,
        updated_at: new Date(),
      };
      await deps.db('automation_flow_context').insert(row).onConflict(['tenant_id', 'conversation_id', 'title']).merge();
      return { next: after };
    }
    case 'handover': {
      if (step.text) await say(deps.inbox, run, step.text, undefined, facts);
      const target = step.agentId ? { agentId: step.agentId } : { strategy: 'round_robin' as const };
      const c = await deps.inbox.assign(run.tenantId, run.conversationId, target, { kind: 'plugin', cause: run.cause ?? undefined });
      return { next: END, outcome: `assigned ${c.assigneeId ?? 'nobody'}`, handedOver: true };
    }
  }
}
