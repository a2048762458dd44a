import type { FieldError } from '../api/api-error.js';
import { t } from '../i18n/i18n.js';

export type Json = Record<string, unknown>;
type ErrorNode = { __errors?: string[]; [key: string]: unknown };

const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Top-level settings a schema marks secret (`x-secret` or `writeOnly`). */
export function secretNames(schema: Json | null | undefined): string[] {
  const props = (schema?.properties ?? {}) as Record<string, Json>;
  return Object.entries(props)
    .filter(([, p]) => p['x-secret'] === true || p.writeOnly === true)
    .map(([k]) => k);
}

/**
 * The schema the form renders: a secret that is already set stops being required (its value is
 * never sent to the browser, and leaving it empty keeps it).
 */
export function formSchema(schema: Json, secretsSet: Record<string, boolean>): Json {
  const required = Array.isArray(schema.required) ? (schema.required as string[]).filter((r) => !secretsSet[r]) : undefined;
  return { ...schema, ...(required ? { required } : {}) };
}

function shown(v: unknown): string {
  if (v === undefined) return 'none';
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  return JSON.stringify(v);
}

/**
 * The uiSchema the form renders: the plugin's own, plus password inputs for secrets (placeholder
 * "set" when one is stored) and, for every other field, its default and whether this workspace
 * overrides it.
 */
export function formUiSchema(
  schema: Json,
  uiSchema: Json | undefined,
  defaults: Json,
  overrides: Json,
  secretsSet: Record<string, boolean>,
): Json {
  const out: Json = { ...(uiSchema ?? {}) };
  const secrets = new Set(secretNames(schema));
  for (const name of Object.keys((schema.properties ?? {}) as Json)) {
    const own = (isObj(out[name]) ? out[name] : {}) as Json;
    if (secrets.has(name)) {
      out[name] = {
        ...own,
        'ui:widget': 'password',
        'ui:placeholder': secretsSet[name] ? t('plugins.secretSet') : t('plugins.secretNotSet'),
        'ui:help': secretsSet[name] ? t('plugins.secretStored') : t('plugins.secretNew'),
        'ui:options': { ...(isObj(own['ui:options']) ? own['ui:options'] : {}), autocomplete: 'new-password' },
      };
      continue;
    }
    const overridden = name in overrides;
    const note = t(overridden ? 'plugins.overridden' : 'plugins.default', { value: shown(defaults[name]) });
    out[name] = {
      ...own,
      'ui:help': own['ui:help'] ? `${String(own['ui:help'])} ${note}` : note,
      'ui:classNames': overridden ? 'is-overridden' : undefined,
    };
  }
  return out;
}

function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(base[k]) ? deepMerge(base[k] as Json, v) : v;
  return out;
}

/** What the form starts with: defaults, then this workspace's overrides; never a secret. */
export function initialFormData(schema: Json, defaults: Json, overrides: Json): Json {
  const data = deepMerge(defaults, overrides);
  for (const s of secretNames(schema)) delete data[s];
  return data;
}

/** What the API shows for a secret that is set (never the value). */
export const SECRET_SENTINEL = '********';

/** The defaults a schema declares (`default` keywords, nested objects included). */
export function schemaDefaults(schema: Json): Json {
  const out: Json = {};
  for (const [name, prop] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
    if (prop.default !== undefined) out[name] = prop.default;
    else if (prop.type === 'object' && isObj(prop.properties)) {
      const nested = schemaDefaults(prop);
      if (Object.keys(nested).length) out[name] = nested;
    }
  }
  return out;
}

/** `value` minus whatever equals `base`, recursively for objects; undefined when nothing differs. */
function difference(value: unknown, base: unknown): unknown {
  if (isObj(value) && isObj(base)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const d = difference(v, base[k]);
      if (d !== undefined) out[k] = d;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value === undefined || same(value, base) ? undefined : value;
}

/**
 * Splits the effective settings the API returns into the schema's defaults, this workspace's
 * overrides (what differs from them) and which secrets are set (they read as the sentinel).
 */
export function splitSettings(schema: Json, effective: Json): { defaults: Json; overrides: Json; secrets: Record<string, boolean> } {
  const defaults = schemaDefaults(schema);
  const secretList = secretNames(schema);
  const secrets = Object.fromEntries(
    secretList.map((n) => [n, effective[n] !== undefined && effective[n] !== null && effective[n] !== '']),
  );
  const plain = Object.fromEntries(Object.entries(effective).filter(([k]) => !secretList.includes(k)));
  return { defaults, overrides: (difference(plain, defaults) as Json | undefined) ?? {}, secrets };
}

/**
 * The workspace's settings to save (the API replaces them): every field that differs from its
 * default (so one set back to its default stops overriding), and a secret only when a new value
 * was typed (an untouched secret keeps its stored value).
 */
export function settingsToSave(schema: Json, data: Json, defaults: Json): Json {
  const secrets = new Set(secretNames(schema));
  const out: Json = {};
  for (const [name, v] of Object.entries(data)) {
    if (secrets.has(name)) {
      if (typeof v === 'string' && v !== '' && v !== SECRET_SENTINEL) out[name] = v;
      continue;
    }
    const d = difference(v, defaults[name]);
    if (d !== undefined) out[name] = isObj(v) ? v : d;
  }
  return out;
}

/**
 * Server validation errors (`body/settings/apiKey`, `body/url`, `/nested/0/x`) as an rjsf error
 * schema, so each message shows under its field. Errors naming no field land on the form root.
 */
export function serverErrorSchema(errors: FieldError[], fallback?: string): ErrorNode {
  const root: ErrorNode = {};
  for (const e of errors) {
    const missing = (e.params as { missingProperty?: string } | undefined)?.missingProperty;
    const parts = `${e.field}${missing ? `/${missing}` : ''}`
      .replace(/^body\/?/, '')
      .replace(/^settings\/?/, '')
      .split('/')
      .filter(Boolean);
    let node = root;
    for (const p of parts) node = (node[p] ??= {}) as ErrorNode;
    (node.__errors ??= []).push(e.message);
  }
  if (!errors.length && fallback) root.__errors = [fallback];
  return root;
}
