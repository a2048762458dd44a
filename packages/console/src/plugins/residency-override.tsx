import { useState } from 'react';

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
      <h3 id="residency-title">This plugin sends data outside the EU</h3>
      <p>
        It declares {regions.join(', ')}; this workspace keeps its data in the EU. Enable it anyway only with a legal basis (a data
        processing agreement with safeguards). The reason is recorded in the audit log.
      </p>
      <label>
        Reason
        <textarea value={reason} minLength={3} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="button" disabled={busy || reason.trim().length < 3}>
        Enable anyway
      </button>
    </form>
  );
}
