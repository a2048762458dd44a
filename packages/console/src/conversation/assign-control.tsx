import type { AgentView } from '@bacon/inbox-contract';
import type { Conversation } from '../api/types.js';
import { useT } from '../i18n/i18n.js';

interface Props {
  conv: Conversation;
  me: string;
  agents: AgentView[];
  onAssign: (to: { agentId: string } | { strategy: 'round_robin' }) => void;
}

/** Assign to me, to a chosen agent, or to the next one in the round-robin rotation. */
export function AssignControl({ conv, me, agents, onAssign }: Props) {
  // The assignee is always a real option, named: a deleted or not-yet-loaded agent reads "Assigned agent", never "Unknown".
  const t = useT();
  const assigneeListed = !conv.assigneeId || agents.some((a) => a.agentId === conv.assigneeId);
  return (
    <div className="assign">
      <button
        type="button"
        className="button"
        onClick={() => onAssign({ agentId: me })}
        disabled={conv.assigneeId === me}
        aria-keyshortcuts="a"
      >
        {t('conversation.assignToMe')}
      </button>
      <label htmlFor="assign-agent" className="sr-only">
        {t('conversation.assignToAgent')}
      </label>
      <select id="assign-agent" value={conv.assigneeId ?? ''} onChange={(e) => e.target.value && onAssign({ agentId: e.target.value })}>
        {!conv.assigneeId && <option value="">{t('conversation.unassigned')}</option>}
        {!assigneeListed && (
          <option value={conv.assigneeId!}>{agents.length ? t('conversation.formerTeammate') : t('conversation.assignedAgent')}</option>
        )}
        {agents.map((a) => (
          <option key={a.agentId} value={a.agentId}>
            {a.name || a.email || a.agentId}
            {a.available ? '' : t('conversation.away')}
          </option>
        ))}
      </select>
      <button type="button" className="button ghost" onClick={() => onAssign({ strategy: 'round_robin' })}>
        {t('conversation.roundRobin')}
      </button>
    </div>
  );
}
