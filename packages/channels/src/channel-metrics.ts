import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface ChannelMetrics {
  inbound: Counter<'channel' | 'outcome'>;
  outbound: Counter<'channel' | 'outcome'>;
  webhookDuration: Histogram<'channel'>;
  sendDuration: Histogram<'channel'>;
  /** Webhooks being processed on this host, per channel (what backpressure bounds). */
  inFlight: Gauge<'channel'>;
}

/** Per-channel metrics on the host registry (`/metrics`). */
export function createChannelMetrics(registry: Registry): ChannelMetrics {
  const registers = [registry];
  return {
    inbound: new Counter({
      name: 'bacon_channel_inbound_total',
      help: 'Provider webhook events by channel and outcome (message, duplicate, status, refused, overloaded, failed)',
      labelNames: ['channel', 'outcome'] as const,
      registers,
    }),
    outbound: new Counter({
      name: 'bacon_channel_outbound_total',
      help: 'Messages sent through channel adapters by outcome (sent, retried, failed)',
      labelNames: ['channel', 'outcome'] as const,
      registers,
    }),
    webhookDuration: new Histogram({
      name: 'bacon_channel_webhook_duration_seconds',
      help: 'From a webhook arriving to its answer (signature check, parse, commit)',
      labelNames: ['channel'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    sendDuration: new Histogram({
      name: 'bacon_channel_send_duration_seconds',
      help: "One send through a channel adapter (the provider's API call)",
      labelNames: ['channel'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    inFlight: new Gauge({
      name: 'bacon_channel_webhooks_in_flight',
      help: 'Webhooks being processed on this host, by channel',
      labelNames: ['channel'] as const,
      registers,
    }),
  };
}
