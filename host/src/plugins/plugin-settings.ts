import type { Knex } from 'knex';
import type { JsonSchema, PluginDefinition } from '@bacon/sdk';
import { createAjv } from '../http/ajv.js';
import { INSTALL_TENANT, mergePatch, readInstall } from './install-store.js';
import type { SecretBox } from './secret-box.js';

const defaultsAjv = createAjv({ useDefaults: true, allErrors: true });

/** Field names a settings schema marks secret (`x-secret` or `writeOnly`). */
export function secretFields(schema: JsonSchema | undefined): string[] {
  const props = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(props)
    .filter(([, p]) => p['x-secret'] === true || p.writeOnly === true)
    .map(([k]) => k);
}

/** The manifest's defaults: what ajv's `useDefaults` fills into an empty object. */
export function settingsDefaults(schema: JsonSchema | undefined): Record<string, unknown> {
  if (!schema) return {};
  const out: Record<string, unknown> = {};
  defaultsAjv.validate(schema, out);
  return out;
}

/**
 * Settings for a tenant: manifest defaults, then install level, then the tenant's override (each a
 * merge patch). Secret fields are never part of it; plugins read them through `secrets`.
 */
export async function settingsFor(knex: Knex, def: PluginDefinition, tenantId: string): Promise<Record<string, unknown>> {
  const install = await readInstall(knex, INSTALL_TENANT, def.id);
  const tenant = tenantId === INSTALL_TENANT ? undefined : await readInstall(knex, tenantId, def.id);
  let merged = mergePatch(settingsDefaults(def.settings?.schema), install?.settings ?? {});
  merged = mergePatch(merged, tenant?.settings ?? {});
  const out = { ...(merged as Record<string, unknown>) };
  for (const f of secretFields(def.settings?.schema)) delete out[f];
  return out;
}

/** A plugin's own secret for a tenant (falling back to install level), decrypted. */
export async function secretFor(knex: Knex, box: SecretBox, pluginId: string, tenantId: string, name: string): Promise<string | undefined> {
  for (const t of [tenantId, INSTALL_TENANT]) {
    const sealed = (await readInstall(knex, t, pluginId))?.secrets[name];
    if (sealed) return box.open(sealed);
  }
  return undefined;
}
