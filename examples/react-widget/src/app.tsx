import { BaconWidget } from './bacon-widget.js';

/** A page of your app with the widget and a button that opens it. */
export function App({ host, siteKey }: { host: string; siteKey: string }) {
  return (
    <main>
      <h1>Acme Shop</h1>
      <p>Questions about an order?</p>
      <button type="button" data-bacon-action="open">
        Chat with us
      </button>
      <BaconWidget host={host} siteKey={siteKey} attributes={{ plan: 'demo' }} />
    </main>
  );
}
