import { describeSchemaProblem } from '@bacon/sdk';
import { schemaLanguage } from './schema-language.js';

/** One way a value breaks a schema: where (`['a', '0', 'b']`), which keyword, and why. */
export interface SchemaIssue {
  path: string[];
  keyword: string;
  /** A sentence a person reads ("API key is required."), worded as the server words it. */
  message: string;
  schemaPath: string;
  /** The keyword's parameters, named as Ajv names them (`limit`, `missingProperty`...). */
  params?: Record<string, unknown>;
  /** For `required`: the missing property. */
  missing?: string;
}

type Schema = Record<string, unknown> | boolean;

const FORMATS: Record<string, RegExp> = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  url: /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i,
  hostname: /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i,
  'date-time': /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(want: string, v: unknown): boolean {
  const t = typeOf(v);
  return want === t || (want === 'number' && t === 'integer');
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `#/definitions/x` (or rjsf's `__rjsf_rootSchema#/...`) inside the root schema. */
function resolveRef(ref: string, root: Schema): Schema {
  const pointer = ref.slice(ref.indexOf('#') + 1);
  let node: unknown = root;
  for (const part of pointer.split('/').filter(Boolean))
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return (node as Schema | undefined) ?? true;
}

/**
 * A small JSON Schema (draft 7 / 2019 subset) interpreter for the settings forms. It compiles no
 * code, so it runs under the console's CSP (`script-src 'self'`, no eval), which Ajv's generated
 * validators cannot. The server's Ajv stays the authority; this gives early, per-field feedback.
 */
export function validateSchema(
  schema: Schema,
  value: unknown,
  root: Schema = schema,
  path: string[] = [],
  schemaPath = '#',
): SchemaIssue[] {
  if (schema === true || schema === undefined) return [];
  const describe = (keyword: string, at: string, params: Record<string, unknown>) =>
    describeSchemaProblem(
      { keyword, instancePath: path.map((p) => `/${p}`).join(''), schemaPath: at, params },
      root,
      'settings',
      schemaLanguage(),
    );
  if (schema === false) return [{ path, keyword: 'false schema', message: describe('false schema', schemaPath, {}), schemaPath }];
  const s = schema as Record<string, unknown>;
  const out: SchemaIssue[] = [];
  const issue = (keyword: string, params: Record<string, unknown> = {}, extra: Partial<SchemaIssue> = {}) => {
    const at = `${schemaPath}/${keyword}`;
    out.push({ path, keyword, message: describe(keyword, at, params), schemaPath: at, params, ...extra });
  };

  if (typeof s.$ref === 'string') out.push(...validateSchema(resolveRef(s.$ref, root), value, root, path, schemaPath));
  if (value === undefined) return out;

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(t, value))) {
      issue('type', { type: types.join(',') });
      return out;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => equal(e, value))) issue('enum', { allowedValues: s.enum });
  if ('const' in s && !equal(s.const, value)) issue('const', { allowedValue: s.const });

  if (typeof value === 'string') {
    const len = [...value].length;
    if (typeof s.minLength === 'number' && len < s.minLength) issue('minLength', { limit: s.minLength });
    if (typeof s.maxLength === 'number' && len > s.maxLength) issue('maxLength', { limit: s.maxLength });
    if (typeof s.pattern === 'string') {
      try {
        if (!new RegExp(s.pattern, 'u').test(value)) issue('pattern', { pattern: s.pattern });
      } catch {
        // A pattern this engine cannot read: leave it to the server.
      }
    }
    const fmt = typeof s.format === 'string' ? FORMATS[s.format] : undefined;
    if (fmt && value !== '' && !fmt.test(value)) issue('format', { format: s.format });
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) issue('minimum', { limit: s.minimum, comparison: '>=' });
    if (typeof s.maximum === 'number' && value > s.maximum) issue('maximum', { limit: s.maximum, comparison: '<=' });
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      issue('exclusiveMinimum', { limit: s.exclusiveMinimum, comparison: '>' });
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      issue('exclusiveMaximum', { limit: s.exclusiveMaximum, comparison: '<' });
    if (typeof s.multipleOf === 'number' && Math.abs(value / s.multipleOf - Math.round(value / s.multipleOf)) > 1e-9)
      issue('multipleOf', { multipleOf: s.multipleOf });
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) issue('minItems', { limit: s.minItems });
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) issue('maxItems', { limit: s.maxItems });
    if (s.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) issue('uniqueItems');
    if (Array.isArray(s.items))
      (s.items as Schema[]).forEach((sub, i) =>
        out.push(...validateSchema(sub, value[i], root, [...path, String(i)], `${schemaPath}/items/${i}`)),
      );
    else if (s.items !== undefined)
      value.forEach((v, i) => out.push(...validateSchema(s.items as Schema, v, root, [...path, String(i)], `${schemaPath}/items`)));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const name of (s.required as string[] | undefined) ?? []) {
      if (obj[name] === undefined) issue('required', { missingProperty: name }, { missing: name });
    }
    for (const [name, sub] of Object.entries(props))
      out.push(...validateSchema(sub, obj[name], root, [...path, name], `${schemaPath}/properties/${name}`));
    if (s.additionalProperties !== undefined && s.additionalProperties !== true) {
      for (const name of Object.keys(obj)) {
        if (name in props) continue;
        if (s.additionalProperties === false) issue('additionalProperties', { additionalProperty: name });
        else
          out.push(
            ...validateSchema(s.additionalProperties as Schema, obj[name], root, [...path, name], `${schemaPath}/additionalProperties`),
          );
      }
    }
  }
  if (Array.isArray(s.allOf))
    (s.allOf as Schema[]).forEach((sub, i) => out.push(...validateSchema(sub, value, root, path, `${schemaPath}/allOf/${i}`)));
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => validateSchema(sub, value, root, path).length === 0)) issue('anyOf');
  if (Array.isArray(s.oneOf) && (s.oneOf as Schema[]).filter((sub) => validateSchema(sub, value, root, path).length === 0).length !== 1)
    issue('oneOf');
  if (s.not !== undefined && validateSchema(s.not as Schema, value, root, path).length === 0) issue('not');
  if (s.if !== undefined) {
    const branch = validateSchema(s.if as Schema, value, root, path).length === 0 ? s.then : s.else;
    if (branch !== undefined) out.push(...validateSchema(branch as Schema, value, root, path, schemaPath));
  }
  return out;
}
