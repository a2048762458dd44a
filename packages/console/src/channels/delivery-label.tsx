import type { Delivery } from './channels-api.js';

const LABEL: Record<Delivery['status'], string> = {
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
};

/** Where an outbound message stands on its channel: queued, sent, delivered, read, or failed with the provider's reason. */
export function DeliveryLabel({ delivery }: { delivery: Delivery }) {
  const failed = delivery.status === 'failed';
  return (
    <span
      className={`delivery delivery-${delivery.status}`}
      data-delivery={delivery.status}
      role={failed ? 'alert' : undefined}
      title={failed && delivery.error ? `${delivery.error.code}: ${delivery.error.message}` : undefined}
    >
      {LABEL[delivery.status]}
      {failed && delivery.error ? `: ${delivery.error.message}` : ''}
    </span>
  );
}
