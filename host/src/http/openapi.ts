import { errorResponseSchema } from '@bacon/sdk';
import type { RegisteredRoute } from './route-registry.js';

const ERROR_SCHEMA = errorResponseSchema;

/** Builds the OpenAPI 3.1 document from the same route declarations the router enforces. */
export function buildOpenApi(routes: readonly RegisteredRoute[], info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (r.hidden) continue;
    const path = r.fullPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const s = r.schema ?? {};
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', s.params],
      ['query', s.query],
    ] as const) {
      const props = (schema?.properties ?? {}) as Record<string, unknown>;
      const required = new Set((schema?.required as string[] | undefined) ?? []);
      for (const [name, sch] of Object.entries(props))
        parameters.push({ name, in: where, required: where === 'path' || required.has(name), schema: sch });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(s.response ?? {})) {
      responses[status] = { description: Number(status) < 300 ? 'OK' : 'Error', content: { 'application/json': { schema } } };
    }
    if (r.produces) {
      responses['200'] = {
        description: 'The file',
        content: { [r.produces]: { schema: { type: 'string', contentMediaType: r.produces } } },
      };
    }
    responses.default = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    const op: Record<string, unknown> = {
      operationId: `${r.method}${r.fullPath.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: r.summary,
      description: r.description,
      tags: r.tags ?? [r.owner],
      parameters,
      responses,
      'x-bacon-auth': r.auth,
      'x-bacon-owner': r.owner,
    };
    if (r.auth !== 'public') op.security = [{ bearer: [] }];
    if (s.body) op.requestBody = { required: true, content: { 'application/json': { schema: s.body } } };
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
