import { useEffect, useState } from 'react';
import { describeError } from '../api/api-error.js';
import { useT } from '../i18n/i18n.js';
import { useToasts } from '../ui/toasts.js';
import { useServices } from './services-context.js';

/** "Available" switch: whether round-robin and auto-assignment may give you new conversations. */
export function AvailabilityToggle() {
  const { inbox, session } = useServices();
  const toasts = useToasts();
  const t = useT();
  const [available, setAvailable] = useState<boolean>();
  useEffect(() => {
    inbox.listAgents().then(
      (agents) => setAvailable(agents.find((a) => a.agentId === session.user?.id)?.available ?? true),
      () => setAvailable(undefined),
    );
  }, [inbox, session]);
  if (available === undefined) return null;
  const toggle = async () => {
    const next = !available;
    setAvailable(next);
    try {
      await inbox.setAvailable(next);
    } catch (err) {
      setAvailable(!next);
      toasts.error(t('app.availabilityFailed', { error: describeError(err) }));
    }
  };
  return (
    <button
      type="button"
      role="switch"
      aria-checked={available}
      className={`availability ${available ? 'is-on' : 'is-off'}`}
      onClick={() => void toggle()}
      title={t('app.availabilityTitle')}
    >
      <span className="dot" aria-hidden="true" />
      {available ? t('app.available') : t('app.away')}
    </button>
  );
}
