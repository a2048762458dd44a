/**
 * What the running host offers, read once from `/api/v1/openapi.json`, so optional features
 * (the AI draft button, plugin context) appear only when their route exists.
 */
export class OpenApiRoutes {
  private paths: Record<string, Record<string, unknown>> = {};

  static async load(base = '/api/v1'): Promise<OpenApiRoutes> {
    const routes = new OpenApiRoutes();
    try {
      const res = await fetch(`${base}/openapi.json`);
      if (res.ok) routes.paths = ((await res.json()) as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
    } catch {
      // Offline at boot: optional features stay hidden.
    }
    return routes;
  }

  /** `has('post', '/conversations/{id}/draft')`; path parameters match any name. */
  has(method: string, path: string): boolean {
    const shape = (p: string) => p.replace(/^\/api\/v1/, '').replace(/\{[^}]+\}|:[^/]+/g, '{}');
    const want = shape(path);
    return Object.entries(this.paths).some(([p, ops]) => shape(p) === want && method.toLowerCase() in ops);
  }
}
