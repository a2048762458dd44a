import type { Translate } from './i18n.js';

/** An agent as a visitor sees them: the name and picture of their profile. */
export interface AgentProfile {
  name: string | null;
  avatarUrl: string | null;
}

export type AgentLookup = (agentId: string) => Promise<AgentProfile>;

/** How far the team got: delivered to an agent's console, seen with the conversation open. */
export interface Receipts {
  deliveredSeq: number;
  seenSeq: number;
}

/** The name and avatar line of an agent's reply, filled in once the profile arrives. */
export function agentBadge(agentId: string, lookup: AgentLookup): HTMLElement {
  const by = document.createElement('span');
  by.className = 'by';
  by.setAttribute('aria-hidden', 'true');
  void lookup(agentId).then(
    (p) => {
      if (p.avatarUrl && /^(https:\/\/|data:image\/)/.test(p.avatarUrl)) {
        const img = document.createElement('img');
        img.className = 'av';
        img.src = p.avatarUrl;
        img.alt = '';
        by.append(img);
      }
      by.append(p.name ?? '');
    },
    () => undefined,
  );
  return by;
}

/** Writes "Sent", "Delivered" or "Seen" under each of the visitor's messages. */
export function markStates(log: HTMLElement, r: Receipts, t: Translate): void {
  for (const m of log.querySelectorAll<HTMLElement>('.msg.mine[data-seq]')) {
    const seq = Number(m.dataset.seq);
    let st = m.querySelector<HTMLElement>('.st');
    if (!st) {
      st = document.createElement('span');
      st.className = 'st';
      m.append(st);
    }
    st.textContent = t(seq <= r.seenSeq ? 'seen' : seq <= r.deliveredSeq ? 'delivered' : 'sent');
  }
}
