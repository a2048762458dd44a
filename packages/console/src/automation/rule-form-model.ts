import type { RuleDefinitionJson } from '../api/automation-api.js';
import { formatNumber, t as translate, type MessageKey } from '../i18n/i18n.js';

/** The lists the rule form picks from (docs/automation.md has what each means). */
export const TRIGGER_TYPES: readonly { value: string; label: MessageKey }[] = [
  { value: 'message.received', label: 'automation.triggerMessage' },
  { value: 'conversation.created', label: 'automation.triggerCreated' },
  { value: 'conversation.transitioned', label: 'automation.triggerTransitioned' },
  { value: 'conversation.assigned', label: 'automation.triggerAssigned' },
  { value: 'inactivity', label: 'automation.triggerInactivity' },
  { value: 'schedule', label: 'automation.triggerSchedule' },
  { value: 'plugin', label: 'automation.triggerPlugin' },
];

export const ACTION_TYPES: readonly { value: string; label: MessageKey }[] = [
  { value: 'send_message', label: 'automation.actionSendMessage' },
  { value: 'assign', label: 'automation.actionAssign' },
  { value: 'transition', label: 'automation.actionTransition' },
  { value: 'start_flow', label: 'automation.actionStartFlow' },
  { value: 'call_plugin', label: 'automation.actionCallPlugin' },
  { value: 'webhook', label: 'automation.actionWebhook' },
];

export const CONDITION_FIELDS = [
  'channel.id',
  'conversation.state',
  'conversation.priority',
  'conversation.tags',
  'conversation.assigneeId',
  'message.body',
  'contact.email',
  'contact.name',
  'page.url',
  'time.businessHours',
] as const;

export const OPS = ['equals', 'contains', 'matches', 'gt', 'lt', 'present'] as const;
export const STATES = ['new', 'assigned', 'snoozed', 'closed'] as const;
const STATE_LABELS: Record<(typeof STATES)[number], MessageKey> = {
  new: 'automation.stateNew',
  assigned: 'automation.stateAssigned',
  snoozed: 'automation.stateSnoozed',
  closed: 'automation.stateClosed',
};

/** A conversation state as the person reads it. */
export function stateLabel(state: (typeof STATES)[number]): string {
  return translate(STATE_LABELS[state]);
}

export type Row = Record<string, unknown> & { type: string };
export type ConditionRow = { field: string; op: string; value?: string | number | boolean };

/** What the form edits: the definition with its lists always present. */
export interface RuleDraft {
  id?: string;
  name: string;
  enabled: boolean;
  triggers: Row[];
  match: 'all' | 'any';
  conditions: ConditionRow[];
  actions: Row[];
  debounceSeconds: string;
  /** Kept as they were (the form does not edit them). */
  rest: Pick<RuleDefinitionJson, 'maxPerHour' | 'businessHours'>;
}

export function freshTrigger(type: string): Row {
  switch (type) {
    case 'message.received':
      return { type, keywords: [] };
    case 'conversation.transitioned':
      return { type, to: ['closed'] };
    case 'inactivity':
      return { type, waitingFor: 'agent', seconds: 300 };
    case 'schedule':
      return { type, cron: '0 9 * * 1-5', timeZone: 'UTC' };
    case 'plugin':
      return { type, pluginId: 'shopify', name: 'checkout_abandoned' };
    default:
      return { type };
  }
}

export function freshAction(type: string, flowId?: string): Row {
  switch (type) {
    case 'send_message':
      return { type, text: '' };
    case 'assign':
      return { type, strategy: 'round_robin' };
    case 'transition':
      return { type, to: 'closed' };
    case 'start_flow':
      return { type, flowId: flowId ?? '' };
    case 'call_plugin':
      return { type, pluginId: '', action: '', input: {} };
    case 'webhook':
      return { type, url: 'https://' };
    default:
      return { type };
  }
}

export const EMPTY_DRAFT: RuleDraft = {
  name: '',
  enabled: true,
  triggers: [freshTrigger('message.received')],
  match: 'all',
  conditions: [],
  actions: [freshAction('send_message')],
  debounceSeconds: '',
  rest: {},
};

export function draftOf(rule: { id: string; name: string; enabled: boolean; definition: RuleDefinitionJson }): RuleDraft {
  const d = rule.definition;
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    triggers: d.triggers as Row[],
    match: d.conditions?.match ?? 'all',
    conditions: d.conditions?.items ?? [],
    actions: d.actions as Row[],
    debounceSeconds: d.debounceSeconds === undefined ? '' : String(d.debounceSeconds),
    rest: { ...(d.maxPerHour ? { maxPerHour: d.maxPerHour } : {}), ...(d.businessHours ? { businessHours: d.businessHours } : {}) },
  };
}

/** A condition value as typed: numbers and true/false become JSON values, the rest stays text. */
export function conditionValue(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

/** The definition the API takes, from the draft. */
export function definitionOf(d: RuleDraft): RuleDefinitionJson {
  const def: RuleDefinitionJson = { triggers: d.triggers, actions: d.actions, ...d.rest };
  if (d.conditions.length) def.conditions = { match: d.match, items: d.conditions };
  if (d.debounceSeconds.trim() !== '') def.debounceSeconds = Number(d.debounceSeconds);
  return def;
}

/** Keywords typed as "refund, cancel". */
export const keywordList = (text: string) =>
  text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

/** One line a person reads for a trigger. */
export function describeTrigger(t: Row): string {
  switch (t.type) {
    case 'message.received': {
      const k = (t.keywords as string[] | undefined) ?? [];
      if (k.length)
        return translate('automation.describeKeywords', { keywords: k.map((w) => `“${w}”`).join(translate('automation.keywordsOr')) });
      return t.pattern
        ? translate('automation.describePattern', { pattern: String(t.pattern) })
        : translate('automation.describeAnyMessage');
    }
    case 'inactivity':
      return translate(t.waitingFor === 'agent' ? 'automation.describeNoAgentReply' : 'automation.describeNoVisitorReply', {
        minutes: formatNumber(Math.round(Number(t.seconds) / 60)),
      });
    case 'schedule':
      return translate('automation.describeSchedule', { cron: String(t.cron), timeZone: String(t.timeZone ?? 'UTC') });
    case 'plugin':
      return `${String(t.pluginId)}: ${String(t.name)}`;
    default:
      return translateOr(TRIGGER_TYPES.find((x) => x.value === t.type)?.label, t.type);
  }
}

function translateOr(key: MessageKey | undefined, fallback: string): string {
  return key ? translate(key) : fallback;
}
