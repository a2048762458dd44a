import { expect } from 'chai';
import { parseBreakerStates } from '../../src/api/breaker-states.js';

describe('parseBreakerStates', () => {
  it('reads the breaker gauges by plugin and ignores everything else', () => {
    const text = [
      '# HELP bacon_plugin_breaker_state Plugin circuit breakers: 0 closed, 1 half-open, 2 open',
      '# TYPE bacon_plugin_breaker_state gauge',
      'bacon_plugin_breaker_state{breaker="shopify:getOrders",plugin="shopify"} 2',
      'bacon_plugin_breaker_state{breaker="shopify:host:api.shopify.com",plugin="shopify"} 0',
      'bacon_plugin_breaker_state{breaker="zapier:send",plugin="zapier"} 1',
      'bacon_http_request_duration_seconds_count{method="GET"} 3',
    ].join('\n');
    expect(parseBreakerStates(text)).to.deep.equal({
      shopify: [
        { name: 'shopify:getOrders', state: 'open' },
        { name: 'shopify:host:api.shopify.com', state: 'closed' },
      ],
      zapier: [{ name: 'zapier:send', state: 'halfOpen' }],
    });
  });
});
