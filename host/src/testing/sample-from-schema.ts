/** A small value that satisfies a JSON schema, for requests that must get past validation. */
export function sampleFromSchema(schema: Record<string, any> | undefined): unknown {
  if (!schema) return {};
  if ('const' in schema) return schema.const;
  if (schema.oneOf || schema.anyOf) return sampleFromSchema((schema.oneOf ?? schema.anyOf)[0]);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: Record<string, any>) => sampleFromSchema(s)));
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'object': {
      const props: Record<string, any> = schema.properties ?? {};
      const keys = new Set<string>(schema.required ?? []);
      const first = Object.keys(props)[0];
      if (keys.size < (schema.minProperties ?? 0) && first) keys.add(first);
      const out: Record<string, unknown> = {};
      for (const k of keys) out[k] = sampleFromSchema(props[k]);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleFromSchema(schema.items));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string': {
      const byFormat: Record<string, string> = {
        uuid: '00000000-0000-4000-8000-000000000000',
        email: 'sample@example.com',
        'date-time': new Date().toISOString(),
        uri: 'https://example.com/',
      };
      const candidates = [byFormat[schema.format as string] ?? 'sample text', 'sample-text-0123', 'abcdefgh12345678', 'a', '1'];
      const fits = (c: string) => !schema.pattern || new RegExp(schema.pattern as string, 'u').test(c);
      const s =
        candidates.map((c) => (c.length >= (schema.minLength ?? 0) ? c : c.padEnd(schema.minLength, 'x'))).find(fits) ?? candidates[0]!;
      return s;
    }
    default:
      return {};
  }
}
