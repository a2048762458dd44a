/** The part of opossum 9's API the plugin runtime uses (the package ships no types). */
declare module 'opossum' {
  import { EventEmitter } from 'node:events';

  interface CircuitBreakerOptions {
    timeout?: number | false;
    resetTimeout?: number;
    errorThresholdPercentage?: number;
    volumeThreshold?: number;
    rollingCountTimeout?: number;
    errorFilter?: (err: unknown) => boolean;
  }

  class CircuitBreaker extends EventEmitter {
    constructor(action: (...args: any[]) => unknown, options?: CircuitBreakerOptions);
    fire(...args: unknown[]): Promise<unknown>;
    readonly opened: boolean;
    readonly halfOpen: boolean;
    readonly closed: boolean;
    shutdown(): void;
  }

  export default CircuitBreaker;
}
