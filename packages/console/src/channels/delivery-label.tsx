import type { Delivery } from './channels-api.js';
import { useT } from '../i18n/i18n.js';

const LABEL = {
  queued: 'channels.queued',
  sent: 'channels.sent',
  delivered: 'channels.delivered',
  read: 'channels.read',
  failed: 'channels.failed',
} as const satisfies Record<Delivery['status'], string>;

/** Where an outbound message stands on its channel: queued, sent, delivered, read, or failed with the provider's reason. */
export function DeliveryLabel({ delivery }: { delivery: Delivery }) {
  const t = useT();
  const failed = delivery.status === 'failed';
  return (
    <span
      className={`delivery delivery-${delivery.status}`}
      data-delivery={delivery.status}
      role={failed ? 'alert' : undefined}
      title={failed && delivery.error ? `${delivery.error.code}: ${delivery.error.message}` : undefined}
    >
      {t(LABEL[delivery.status])}
      {failed && delivery.error ? `: ${delivery.error.message}` : ''}
    </span>
  );
}
