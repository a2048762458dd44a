import { useEffect, useState } from 'react';
import { useServices } from '../app/services-context.js';
import type { SecretWarning } from '../api/admin-api.js';
import { hrefFor } from '../app/router.js';
import { tn, useT, type MessageKey } from '../i18n/i18n.js';

const WHERE: Record<SecretWarning['kind'], MessageKey> = {
  jwt_key: 'admin.whereJwt',
  site_secret: 'admin.whereSite',
  plugin_secret: 'admin.wherePlugin',
};

/**
 * For admins only: weak, well-known or old secrets (JWT keys, site secrets, plugin credentials),
 * read once per sign-in from `GET /api/v1/admin/secret-health`; nothing when all is well.
 */
export function SecretHealthBanner() {
  const { admin } = useServices();
  const t = useT();
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
    <section className="banner banner-secrets" aria-label={t('admin.secretHygiene')} data-secret-warnings={warnings.length}>
      <details>
        <summary>{tn('admin.secretsNeed', warnings.length)}</summary>
        <ul>
          {warnings.map((w) => (
            <li key={`${w.kind}:${w.id}:${w.problem}`}>{w.detail}</li>
          ))}
        </ul>
        <ul>
          {kinds.map((k) => (
            <li key={k}>{k === 'site_secret' ? <a href={hrefFor({ name: 'site-keys' })}>{t(WHERE[k])}</a> : t(WHERE[k])}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}
