/**
 * A typed name for a service one kernel module provides and others need (Backstage's
 * `createServiceRef`): `defineService<PluginAudit>('audit')`. Two refs with the same id are the same
 * service; the type parameter only travels at compile time.
 */
export interface ServiceRef<T> {
  readonly id: string;
  /** Never set: carries `T` for the compiler. */
  readonly __type?: (value: T) => T;
}

export function defineService<T>(id: string): ServiceRef<T> {
  return Object.freeze({ id });
}

/** Services by the name a module gives them: `{ auth: authService, audit: auditService }`. */
export type ServiceMap = Record<string, ServiceRef<any>>;

/** The values of a ServiceMap: what `start` receives (needs) or returns (provides). */
export type ServiceValues<M extends ServiceMap> = { [K in keyof M]: M[K] extends ServiceRef<infer T> ? T : never };
