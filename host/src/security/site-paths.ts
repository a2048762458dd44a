/**
 * Path prefixes that sites' pages call cross-origin (a site key's embedded client): they get CORS
 * for origins some site key lists, may be framed by the site's origins, and may be loaded by other
 * sites. Everything else stays same-origin. Plugins add theirs through the publicRoutes service.
 */
export class SitePaths {
  private readonly prefixes = new Set<string>();

  add(prefix: string): void {
    this.prefixes.add(`${prefix.replace(/\/+$/, '')}/`);
  }

  has(path: string): boolean {
    for (const p of this.prefixes) if (path.startsWith(p)) return true;
    return false;
  }
}
