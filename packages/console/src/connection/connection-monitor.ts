import type { SocketStatus } from '../realtime/agent-socket.js';

export type ConnectionState = 'online' | 'connecting' | 'reconnecting' | 'offline';

type Listener = (s: ConnectionState) => void;

/**
 * The truth for the banner: the browser's network flag and the live socket together. "online"
 * only when the socket is connected; "offline" whenever the browser says so.
 */
export class ConnectionMonitor {
  private browserOnline = navigator.onLine;
  private socket: SocketStatus = 'connecting';
  private listeners = new Set<Listener>();
  state: ConnectionState = this.compute();

  constructor() {
    window.addEventListener('online', () => this.setBrowser(true));
    window.addEventListener('offline', () => this.setBrowser(false));
  }

  private compute(): ConnectionState {
    if (!this.browserOnline) return 'offline';
    if (this.socket === 'connected') return 'online';
    return this.socket === 'reconnecting' ? 'reconnecting' : 'connecting';
  }

  private emit(): void {
    const next = this.compute();
    if (next === this.state) return;
    this.state = next;
    this.listeners.forEach((fn) => fn(next));
  }

  private setBrowser(online: boolean): void {
    this.browserOnline = online;
    this.emit();
  }

  setSocket(status: SocketStatus): void {
    this.socket = status;
    this.emit();
  }

  onChange(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
