import { useEffect, useState } from 'react';
import { useServices } from '../app/services-context.js';
import type { SecretWarning } from '../api/admin-api.js';
import { hrefFor } from '../app/router.js';

const WHERE: Record<SecretWarning['kind'], string> = {
  jwt_key: 'Rotate the JWT signing keys (BACON_JWT_KEYS) as the operations runbook says.',
  site_secret: 'Rotate the site key’s secrets on the Site keys page.',
  plugin_secret: 'Set a new credential in the plugin’s settings.',
};

/**
 * For admins only: weak, well-known or old secrets (JWT keys, site secrets, plugin credentials),
 * read once per sign-in from `GET /api/v1/admin/secret-health`; nothing when all is well.
 */
export function SecretHealthBanner() {
  const { admin } = useServices();
  const [warnings, setWarnings] = useState<SecretWarning[]>([]);
  useEffect(() => {
    let live = true;
    admin
      .secretHealth()
      .then((w) => live && setWarnings(w))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [admin]);
  if (!warnings.length) return null;
  const kinds = [...new Set(warnings.map((w) => w.kind))];
  return (
    <section className="banner banner-secrets" aria-label="Secret hygiene" data-secret-warnings={warnings.length}>
      <details>
        <summary>{warnings.length === 1 ? '1 secret needs' : `${warnings.length} secrets need`} rotating or replacing.</summary>
        <ul>
          {warnings.map((w) => (
            <li key={`${w.kind}:${w.id}:${w.problem}`}>{w.detail}</li>
          ))}
        </ul>
        <ul>
          {kinds.map((k) => (
            <li key={k}>{k === 'site_secret' ? <a href={hrefFor({ name: 'site-keys' })}>{WHERE[k]}</a> : WHERE[k]}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}
