import type { Socket } from 'socket.io';

/** When a socket counts as a slow consumer: packets queued by engine.io, or bytes queued by `ws`. */
export interface BackpressureLimits {
  /** Packets waiting in engine.io's write buffer (polling between two polls, or a stalled WebSocket). */
  maxQueuedPackets: number;
  /** Bytes the WebSocket has accepted but not yet handed to the kernel. */
  maxBufferedBytes: number;
}

export const DEFAULT_BACKPRESSURE: BackpressureLimits = { maxQueuedPackets: 256, maxBufferedBytes: 1024 * 1024 };

interface EngineConn {
  writeBuffer?: unknown[];
  transport?: { name?: string; socket?: { bufferedAmount?: number } };
}

/** What is waiting to reach the client of `socket`: engine.io packets and WebSocket bytes. */
export function pendingOutput(socket: Pick<Socket, 'conn'>): { packets: number; bytes: number } {
  const conn = socket.conn as unknown as EngineConn;
  const packets = conn.writeBuffer?.length ?? 0;
  const bytes = conn.transport?.name === 'websocket' ? (conn.transport.socket?.bufferedAmount ?? 0) : 0;
  return { packets, bytes };
}

export function isSlowConsumer(socket: Pick<Socket, 'conn'>, limits: BackpressureLimits): boolean {
  const out = pendingOutput(socket);
  return out.packets > limits.maxQueuedPackets || out.bytes > limits.maxBufferedBytes;
}

/** Drained enough to be sent to again: nothing queued by engine.io, and under a quarter of the byte limit. */
export function hasDrained(socket: Pick<Socket, 'conn'>, limits: BackpressureLimits): boolean {
  const out = pendingOutput(socket);
  return out.packets === 0 && out.bytes <= limits.maxBufferedBytes / 4;
}
