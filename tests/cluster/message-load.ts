// A steady widget message load: each visitor sends one message, waits for the answer, pauses
// `everyMs`, and so on, through the host its route picks, until stopped. Every answer is kept.
// The channels plugin allows a visitor 60 messages a minute, so the load comes from many visitors
// at a little under one message a second each (a 429 would hide what a drill looks for).
import { sendMessage, type Visitor } from './drill-client.js';

export interface Sent {
  visitor: number;
  conversationId: string;
  /** The URL of the host it was sent to. */
  host: string;
  /** HTTP status; 0 when no answer came (connection refused, or no answer within 30 s). */
  status: number;
  code?: string;
  /** The stored message's id, on a 2xx. */
  id?: string;
  ms: number;
  /** When the answer came (performance.now()). */
  at: number;
}

export class MessageLoad {
  readonly results: Sent[] = [];
  /** Requests sent and not answered yet. */
  inFlight = 0;
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(visitors: Visitor[], route: (visitor: number) => string, everyMs = 1100) {
    this.loops = visitors.map(async (v, i) => {
      for (let n = 0; this.running; n++) {
        const host = route(i);
        this.inFlight++;
        const r = await sendMessage(host, v, `visitor ${i} message ${n}`);
        this.inFlight--;
        this.results.push({ visitor: i, conversationId: v.conversationId, host, ...r, at: performance.now() });
        await new Promise((res) => setTimeout(res, everyMs));
      }
    });
  }

  /** The acknowledged (2xx) messages so far. */
  acked(): Sent[] {
    return this.results.filter((r) => r.status >= 200 && r.status < 300);
  }

  /** `status code: count` of the answers that came after `since` (for failure messages and the drills' summary). */
  summary(since = 0): string {
    const counts = new Map<string, number>();
    for (const r of this.results.filter((x) => x.at > since)) {
      const k = `${r.status}${r.code ? ` ${r.code}` : ''}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return [...counts].map(([k, n]) => `${k}: ${n}`).join(', ') || 'no answers';
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}
