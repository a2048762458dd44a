import { useState } from 'react';
import { useT } from '../i18n/i18n.js';

/**
 * Shown when enabling a plugin was refused because it sends data outside the EU and this workspace
 * keeps its data in the EU (`409 plugin_egress_outside_eu`): the admin may enable it anyway with a
 * reason, which the server records in the audit log.
 */
export function ResidencyOverride({
  regions,
  busy,
  onOverride,
}: {
  regions: string[];
  busy: boolean;
  onOverride: (reason: string) => void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  return (
    <form
      className="residency-override"
      aria-labelledby="residency-title"
      onSubmit={(e) => {
        e.preventDefault();
        onOverride(reason.trim());
      }}
    >
      <h3 id="residency-title">{t('plugins.outsideEu')}</h3>
      <p>{t('plugins.outsideEuText', { regions: regions.join(', ') })}</p>
      <label>
        {t('plugins.reason')}
        <textarea value={reason} minLength={3} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="button" disabled={busy || reason.trim().length < 3}>
        {t('plugins.enableAnyway')}
      </button>
    </form>
  );
}
