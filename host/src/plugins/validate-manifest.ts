import semver from 'semver';
import type { PluginDefinition } from '@bacon/sdk';
import { createAjv } from '../http/ajv.js';
import { MANIFEST_SCHEMA, FUNCTION_FIELDS } from './manifest-schema.js';
import { PluginLoadErrors } from './plugin-errors.js';

const ajv = createAjv({ allErrors: false, useDefaults: false });
const validate = ajv.compile(MANIFEST_SCHEMA);

/** Strips functions so the JSON-able part can be validated (and sent over IPC). */
function jsonPart(def: unknown): unknown {
  return JSON.parse(JSON.stringify(def, (_k, v) => (typeof v === 'function' ? undefined : v)) ?? 'null');
}

/**
 * Checks a plugin definition against the manifest schema. Throws a PluginLoadError naming the
 * plugin (its id, or `where` when the id itself is bad) and the offending field.
 */
export function validateManifest(def: unknown, where: string): PluginDefinition {
  if (!def || typeof def !== 'object')
    throw PluginLoadErrors.manifestInvalid(
      where,
      `plugin ${where}: the module's default export is not a plugin definition (use definePlugin)`,
    );
  const d = def as Record<string, unknown>;
  const name = typeof d.id === 'string' && d.id ? d.id : where;
  if (!validate(jsonPart(def))) {
    const e = validate.errors![0]!;
    const field =
      (e.instancePath.replace(/^\//, '').replace(/\//g, '.') || (e.params as { missingProperty?: string }).missingProperty) ?? '(root)';
    const full =
      e.keyword === 'required' && e.instancePath ? `${field}.${(e.params as { missingProperty: string }).missingProperty}` : field;
    throw PluginLoadErrors.manifestInvalid(name, `plugin "${name}": manifest field "${full}" ${e.message}`, full);
  }
  if (!semver.valid(d.version as string))
    throw PluginLoadErrors.manifestInvalid(
      name,
      `plugin "${name}": manifest field "version" must be a semver version (got "${String(d.version)}")`,
      'version',
    );
  const ranges: [string, unknown][] = [
    ['engines.host', (d.engines as Record<string, unknown> | undefined)?.host],
    ['engines.sdk', (d.engines as Record<string, unknown> | undefined)?.sdk],
    ...Object.entries((d.dependencies as Record<string, unknown>) ?? {}).map(([k, v]) => [`dependencies.${k}`, v] as [string, unknown]),
  ];
  for (const [field, range] of ranges) {
    if (range !== undefined && semver.validRange(range as string) === null) {
      throw PluginLoadErrors.manifestInvalid(
        name,
        `plugin "${name}": manifest field "${field}" is not a semver range (got "${String(range)}")`,
        field,
      );
    }
  }
  for (const f of FUNCTION_FIELDS) {
    if (d[f] !== undefined && typeof d[f] !== 'function')
      throw PluginLoadErrors.manifestInvalid(name, `plugin "${name}": manifest field "${f}" must be a function`, f);
  }
  for (const [group, key] of [
    ['actions', 'run'],
    ['enrichers', 'run'],
  ] as const) {
    for (const [n, item] of Object.entries((d[group] as Record<string, Record<string, unknown>>) ?? {})) {
      if (typeof item?.[key] !== 'function')
        throw PluginLoadErrors.manifestInvalid(
          name,
          `plugin "${name}": manifest field "${group}.${n}.${key}" must be a function`,
          `${group}.${n}.${key}`,
        );
    }
  }
  if (d.settings) {
    try {
      ajv.compile((d.settings as { schema: object }).schema);
    } catch (err) {
      throw PluginLoadErrors.manifestInvalid(
        name,
        `plugin "${name}": manifest field "settings.schema" is not a valid JSON schema: ${(err as Error).message}`,
        'settings.schema',
      );
    }
  }
  const http = (d.capabilities as { name?: string; hostsSetting?: string }[] | undefined)?.find((c) => c?.name === 'http');
  if (http?.hostsSetting) {
    const field = (d.settings as { schema?: { properties?: Record<string, { type?: string; items?: { type?: string } }> } } | undefined)
      ?.schema?.properties?.[http.hostsSetting];
    if (field?.type !== 'array' || field.items?.type !== 'string')
      throw PluginLoadErrors.manifestInvalid(
        name,
        `plugin "${name}": capability http names the settings field "${http.hostsSetting}" for its hosts, which is not an array of strings in settings.schema`,
        'capabilities.http.hostsSetting',
      );
  }
  return def as PluginDefinition;
}

export { jsonPart };
