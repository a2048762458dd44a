import type { HostResult } from '@bacon/sdk';

/** Limits of one plugin's isolate, already bounded by the host config. */
export interface IsolateLimits {
  memoryMb: number;
  cpuTimeoutMs: number;
  /** Largest value (JSON bytes) that may leave the isolate: host-function arguments and call results. */
  maxValueBytes: number;
  /** The host-function table's `ctx` namespaces and their methods (`{crypto: ['hmac', ...]}`); none when absent. */
  namespaces?: Record<string, string[]>;
}

/** What the host tells the runner. */
export type HostToRunner =
  | { t: 'register'; key: string; pluginId: string; code: string; limits: IsolateLimits }
  | {
      t: 'call';
      id: number;
      key: string;
      kind: CallKind;
      name: string;
      input: string;
      ctx: string;
      deadlineMs: number;
      cpuTimeoutMs: number;
    }
  | { t: 'host-result'; id: number; result: string }
  | { t: 'stats'; id: number }
  | { t: 'dispose'; key: string };

/** What the runner tells the host. */
export type RunnerToHost =
  | { t: 'ready' }
  | { t: 'registered'; key: string; result: string; coldStartMs: number }
  | { t: 'result'; id: number; result: string }
  | { t: 'host-call'; id: number; key: string; callId: string; fn: string; args: string }
  | { t: 'isolate-dead'; key: string; reason: string }
  | { t: 'stats'; id: number; isolates: { key: string; pluginId: string; usedHeap: number; totalHeap: number }[] };

export type CallKind = 'action' | 'trigger' | 'enricher' | 'channel' | 'healthCheck' | 'testConnection' | 'activate' | 'deactivate';

/** The ChannelAdapter methods a `channel` call may name. */
export const CHANNEL_METHODS: readonly string[] = ['verifyWebhook', 'parseWebhook', 'handshake', 'send', 'poll', 'replyWindow', 'markSeen'];

export type Envelope<T = unknown> = HostResult<T> & { error?: { status?: number; details?: unknown } };

export const envelope = {
  ok: <T>(value: T): string => JSON.stringify({ ok: true, value }),
  fail: (code: string, message: string, retryable = false, status?: number): string =>
    JSON.stringify({ ok: false, error: { code, message, retryable, status } }),
};
