import type { AgentMessageInput, OutboundCheck } from '@bacon/inbox-contract';

export interface OutboundChecks {
  /** Adds a check (run in registration order); returns a function that removes it. */
  register(check: OutboundCheck): () => void;
  /** Runs every check; the first that throws refuses the message. */
  run(tenantId: string, conversationId: string, message: AgentMessageInput): Promise<void>;
}

/** The send-time check point that `sendAgentMessage` calls before committing; channels fill it (reply windows). */
export function createOutboundChecks(): OutboundChecks {
  const checks: OutboundCheck[] = [];
  return {
    register(check) {
      checks.push(check);
      return () => {
        const i = checks.indexOf(check);
        if (i >= 0) checks.splice(i, 1);
      };
    },
    async run(tenantId, conversationId, message) {
      for (const check of checks) await check({ tenantId, conversationId, message });
    },
  };
}
