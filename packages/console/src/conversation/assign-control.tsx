import type { AgentView } from '@bacon/inbox-contract';
import type { Conversation } from '../api/types.js';

interface Props {
  conv: Conversation;
  me: string;
  agents: AgentView[];
  onAssign: (to: { agentId: string } | { strategy: 'round_robin' }) => void;
}

/** Assign to me, to a chosen agent, or to the next one in the round-robin rotation. */
export function AssignControl({ conv, me, agents, onAssign }: Props) {
  return (
    <div className="assign">
      <button
        type="button"
        className="button"
        onClick={() => onAssign({ agentId: me })}
        disabled={conv.assigneeId === me}
        aria-keyshortcuts="a"
      >
        Assign to me
      </button>
      <label htmlFor="assign-agent" className="sr-only">
        Assign to agent
      </label>
      <select id="assign-agent" value={conv.assigneeId ?? ''} onChange={(e) => e.target.value && onAssign({ agentId: e.target.value })}>
        <option value="">{conv.assigneeId ? 'Unknown agent' : 'Unassigned'}</option>
        {agents.map((a) => (
          <option key={a.agentId} value={a.agentId}>
            {a.name || a.email || a.agentId}
            {a.available ? '' : ' (away)'}
          </option>
        ))}
      </select>
      <button type="button" className="button ghost" onClick={() => onAssign({ strategy: 'round_robin' })}>
        Round-robin
      </button>
    </div>
  );
}
