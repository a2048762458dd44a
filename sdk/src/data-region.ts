/**
 * Data residency: where a deployment stores data (`BACON_DATA_REGION`) and where a plugin sends it
 * (its manifest's `egress`). A tenant with `dataResidency: "eu"` lives only on an EU deployment and
 * enables only plugins whose every egress region is in the EU, unless an admin overrides it.
 */

/** A region name: `eu`, `us`, `global`, or a provider's own (`eu-west-1`, `europe-west3`). */
export const REGION_PATTERN = '^[a-z]{2,}(-[a-z0-9]+)*$';

/** What a plugin that calls out but declares no egress counts as: outside the EU. */
export const UNKNOWN_REGION = 'unknown';

/** Where a plugin sends tenant data beyond Bacon's own database. */
export interface PluginEgress {
  /**
   * Every region its calls may reach: `eu` (or `eu-*`, `europe-*`) for the EU; `us`, `global` (the
   * provider picks, or routes anywhere) and the rest count as outside the EU.
   */
  regions: string[];
  /** One sentence for the admin: what decides the region (the account's data center...). */
  note?: string;
}

/** True for `eu`, `eu-*` (AWS, Azure style) and `europe-*` (GCP style). */
export function isEuRegion(region: string | undefined | null): boolean {
  if (!region) return false;
  const r = region.toLowerCase();
  return r === 'eu' || r.startsWith('eu-') || r.startsWith('europe-');
}

/**
 * The regions a plugin's manifest says it sends data to: its `egress`, or `unknown` when it asks
 * for the `http` capability without declaring any, or none when it makes no outbound calls.
 */
export function egressRegions(manifest: { egress?: PluginEgress; capabilities?: readonly { name: string }[] }): string[] {
  if (manifest.egress) return [...manifest.egress.regions];
  return manifest.capabilities?.some((c) => c.name === 'http') ? [UNKNOWN_REGION] : [];
}

/** The regions of the list outside the EU (empty: every call stays in the EU). */
export function regionsOutsideEu(regions: readonly string[]): string[] {
  return regions.filter((r) => !isEuRegion(r));
}
